import {
  DataTable,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  TextField,
  useGetOne,
  useRecordContext,
} from "react-admin";

import { EnumField, LocaleNumberField, NoneYet } from "../../components/fields";

/** The figures the contribution's organisation gave for its action in the same cycle. */
export const ContributionFigures = (_props: { label: string }) => {
  const contribution = useRecordContext();
  const { data: participation } = useGetOne(
    "participations",
    { id: contribution?.participation_id },
    { enabled: contribution?.participation_id != null },
  );
  if (!contribution || !participation) {
    return null;
  }
  return (
    <ReferenceManyField
      reference="indicator-values"
      target="reporting_cycle_id"
      source="reporting_cycle_id"
      record={contribution}
      filter={{ action_id: participation.action_id, organisation_id: participation.organisation_id }}
      perPage={50}
      pagination={<Pagination />}
    >
      <DataTable rowClick="show" bulkActionButtons={false} empty={<NoneYet />}>
        <DataTable.Col source="indicator_id" disableSort>
          <ReferenceField source="indicator_id" reference="indicators" link={false} />
        </DataTable.Col>
        <DataTable.Col source="value">
          <LocaleNumberField source="value" />
        </DataTable.Col>
        <DataTable.Col source="text_value">
          <TextField source="text_value" />
        </DataTable.Col>
        <DataTable.Col source="source">
          <EnumField source="source" enumName="value_source" />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
};
