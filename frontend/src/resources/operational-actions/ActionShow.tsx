import {
  CreateButton,
  DataTable,
  Labeled,
  ReferenceField,
  ReferenceManyField,
  TabbedShowLayout,
  TextField,
  useRecordContext,
} from "react-admin";

import {
  DateOnlyField,
  DateTimeField,
  EnumField,
  LocaleNumberField,
  OrganisationCodeField,
} from "../../components/fields";
import { ResourceShow } from "../../components/views";
import { useMay } from "../../providers/access";

/** `label={false}`: no field label above the button in the show layout. */
const AddParticipantButton = (_props: { label: false }) => {
  const record = useRecordContext();
  const mayCreate = useMay("participations", "create");
  if (!record || !mayCreate) {
    return null;
  }
  return (
    <CreateButton
      resource="participations"
      label="empact.participations.add"
      state={{ record: { action_id: record.id } }}
    />
  );
};

export const ActionShow = () => (
  <ResourceShow>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="empact.sections.details">
        <ReferenceField source="action_plan_id" reference="action-plans" link="show" />
        <TextField source="code" />
        <TextField source="title" />
        <TextField source="description" sx={{ whiteSpace: "pre-wrap" }} />
        <ReferenceField source="strategic_goal_id" reference="strategic-goals" link={false} />
        <ReferenceField source="leader_id" reference="organisations" link="show" />
        <DateOnlyField source="start_date" />
        <DateOnlyField source="end_date" />
        <EnumField source="state" enumName="action_state" />
        <TextField source="expected_results" sx={{ whiteSpace: "pre-wrap" }} />
        <LocaleNumberField
          source="budget_eur"
          options={{ style: "currency", currency: "EUR", maximumFractionDigits: 0 }}
        />
        <TextField source="grant_reference" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="empact.sections.participations" path="participations">
        <Labeled label="empact.sections.participations" fullWidth>
          <ReferenceManyField reference="participations" target="action_id" perPage={100}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="organisation_id" disableSort>
                <ReferenceField source="organisation_id" reference="organisations" link="show" />
              </DataTable.Col>
              <DataTable.Col source="role">
                <EnumField source="role" enumName="participation_role" />
              </DataTable.Col>
            </DataTable>
          </ReferenceManyField>
        </Labeled>
        <AddParticipantButton label={false} />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="empact.sections.figures" path="figures">
        <Labeled label="empact.sections.figures" fullWidth>
          <ReferenceManyField
            reference="indicator-values"
            target="action_id"
            perPage={200}
            sort={{ field: "reporting_cycle_id", order: "DESC" }}
          >
            <DataTable bulkActionButtons={false} rowClick="show" aria-label="Figures of the action">
              <DataTable.Col source="reporting_cycle_id">
                <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />
              </DataTable.Col>
              <DataTable.Col source="organisation_id" disableSort>
                <OrganisationCodeField source="organisation_id" />
              </DataTable.Col>
              <DataTable.Col source="indicator_id" disableSort>
                <ReferenceField source="indicator_id" reference="indicators" link={false} />
              </DataTable.Col>
              <DataTable.Col source="value">
                <LocaleNumberField source="value" />
              </DataTable.Col>
              <DataTable.Col source="text_value" />
              <DataTable.Col source="source">
                <EnumField source="source" enumName="value_source" />
              </DataTable.Col>
            </DataTable>
          </ReferenceManyField>
        </Labeled>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="empact.sections.reports" path="reports">
        <Labeled label="empact.sections.reports" fullWidth>
          <ReferenceManyField
            reference="action-reports"
            target="action_id"
            sort={{ field: "reporting_cycle_id", order: "DESC" }}
          >
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="reporting_cycle_id">
                <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />
              </DataTable.Col>
              <DataTable.Col source="state">
                <EnumField source="state" enumName="report_state" />
              </DataTable.Col>
              <DataTable.Col source="rag_status">
                <EnumField source="rag_status" enumName="rag_status" />
              </DataTable.Col>
              <DataTable.Col source="submitted_at">
                <DateTimeField source="submitted_at" />
              </DataTable.Col>
            </DataTable>
          </ReferenceManyField>
        </Labeled>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </ResourceShow>
);
