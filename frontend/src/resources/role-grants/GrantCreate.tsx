import {
  AutocompleteInput,
  type RaRecord,
  ReferenceInput,
  required,
  SelectInput,
} from "react-admin";
import { useWatch } from "react-hook-form";

import { CountryInput } from "../../components/CountryInput";
import { ResourceCreate, ResourceForm } from "../../components/views";
import { enumChoices } from "../../enums";

/** Each role has one kind of scope: a plan, a country or an organisation (or none). */
const ScopeInput = () => {
  const role: unknown = useWatch({ name: "role" });
  if (role === "driver") {
    return (
      <ReferenceInput source="action_plan_id" reference="action-plans">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
    );
  }
  if (role === "nec") {
    return <CountryInput source="country_code" validate={required()} />;
  }
  if (role === "leader" || role === "participant") {
    return (
      <ReferenceInput source="organisation_id" reference="organisations">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
    );
  }
  return null;
};

/** Keep only the scope the chosen role takes. */
const scopeOnly = (data: RaRecord) => ({
  user_id: data.user_id,
  role: data.role,
  action_plan_id: data.role === "driver" ? data.action_plan_id : null,
  country_code: data.role === "nec" ? data.country_code : null,
  organisation_id: data.role === "leader" || data.role === "participant" ? data.organisation_id : null,
});

const toUser = (_resource?: string, _id?: unknown, data?: Partial<RaRecord>) =>
  `users/${data?.user_id}/show`;

export const GrantCreate = () => (
  <ResourceCreate transform={scopeOnly} redirect={toUser}>
    <ResourceForm>
      <ReferenceInput source="user_id" reference="users">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
      <SelectInput
        source="role"
        choices={enumChoices("role")}
        validate={required()}
        helperText="empact.role_grants.scope_help"
      />
      <ScopeInput />
    </ResourceForm>
  </ResourceCreate>
);
