import {
  AutocompleteArrayInput,
  AutocompleteInput,
  ReferenceArrayInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
  useRecordContext,
} from "react-admin";
import { useWatch } from "react-hook-form";

/** A plan's sub-priority is one of its priority's. */
const SubPriorityInput = () => {
  const record = useRecordContext();
  const priorityId: unknown = useWatch({ name: "priority_id" }) ?? record?.priority_id;
  return (
    <ReferenceInput
      source="sub_priority_id"
      reference="sub-priorities"
      filter={priorityId ? { priority_id: priorityId } : {}}
    >
      <SelectInput optionText={(choice: { code: string; name: string }) => `${choice.code} ${choice.name}`} emptyText="–" />
    </ReferenceInput>
  );
};

export const ActionPlanInputs = ({ isNew }: { isNew: boolean }) => (
  <>
    {isNew ? (
      <ReferenceInput source="priority_id" reference="priorities">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
    ) : null}
    <SubPriorityInput />
    <TextInput source="code" validate={required()} />
    <TextInput source="short_code" validate={required()} />
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="period" validate={required()} />
    <ReferenceInput source="driver_id" reference="organisations">
      <AutocompleteInput validate={required()} />
    </ReferenceInput>
    <ReferenceArrayInput source="co_driver_ids" reference="organisations">
      <AutocompleteArrayInput />
    </ReferenceArrayInput>
  </>
);
