// A country picked by name, giving its ISO 3166 alpha-2 code (for filters and scopes that take
// a country code rather than an organisation id).
import { AutocompleteInput, type AutocompleteInputProps, useGetList } from "react-admin";

const COUNTRY_KINDS = ["member_state", "schengen_associated", "third_country"];

interface Organisation {
  id: number;
  code: string;
  name: string;
  country_code: string | null;
}

export const CountryInput = (props: Omit<AutocompleteInputProps, "choices">) => {
  const { data, isPending } = useGetList<Organisation>("organisations", {
    filter: { kind: COUNTRY_KINDS },
    pagination: { page: 1, perPage: 300 },
    sort: { field: "name", order: "ASC" },
  });
  const choices = (data ?? [])
    .filter((organisation) => organisation.country_code)
    .map((organisation) => ({
      id: organisation.country_code as string,
      name: `${organisation.name} (${organisation.country_code})`,
    }));
  return <AutocompleteInput choices={choices} isPending={isPending} {...props} />;
};
