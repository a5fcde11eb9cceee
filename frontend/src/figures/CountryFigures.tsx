// A country's figures in a reporting cycle, on the web: every contribution of the country's
// organisations, filterable by plan and action, as the country workbook has them.
import { MenuItem, TextField, Typography } from "@mui/material";
import { useState } from "react";
import {
  Loading,
  Title,
  useGetList,
  useGetOne,
  usePermissions,
  useTranslate,
} from "react-admin";

import { useFormatters } from "../components/format";
import type { Grant } from "../types";
import { FigureGridTable } from "./FigureGridTable";

/** The country whose figures the user writes: its coordinator grant's, or its organisation's. */
const useCountry = (): string | null | undefined => {
  const { permissions, isPending } = usePermissions<Grant[]>();
  const grants = Array.isArray(permissions) ? permissions : [];
  const coordinator = grants.find((grant) => grant.role === "nec" && grant.country_code);
  const organisationId = grants.find((grant) => grant.organisation_id)?.organisation_id;
  const { data: organisation, isPending: organisationPending } = useGetOne(
    "organisations",
    { id: organisationId },
    { enabled: !coordinator && organisationId != null },
  );
  if (isPending || (!coordinator && organisationId != null && organisationPending)) {
    return undefined;
  }
  return coordinator?.country_code ?? organisation?.country_code ?? null;
};

export const CountryFigures = () => {
  const translate = useTranslate();
  const { country: countryName } = useFormatters();
  const country = useCountry();
  const { data: cycles, isPending } = useGetList("reporting-cycles", {
    pagination: { page: 1, perPage: 50 },
    sort: { field: "period_start", order: "DESC" },
  });
  const [chosen, setChosen] = useState<string>("");
  if (isPending || country === undefined) {
    return <Loading />;
  }
  const open = cycles?.find((cycle) => cycle.state === "open") ?? cycles?.[0];
  const cycleId = chosen || (open ? String(open.id) : "");
  const title = translate("empact.figures.country_title", {
    country: country ? countryName(country) : "",
  });
  return (
    <>
      <Title title={title} />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 2, mb: 2 }}>
        {translate("empact.figures.help")}
      </Typography>
      {!country || !cycleId ? (
        <Typography>{translate("empact.figures.no_rows")}</Typography>
      ) : (
        <FigureGridTable
          key={cycleId}
          cycleId={cycleId}
          filters={{ country }}
          showAction
          heading={
            <TextField
              select
              size="small"
              fullWidth={false}
              label={translate("resources.reporting-cycles.name", { smart_count: 1 })}
              value={cycleId}
              onChange={(event) => setChosen(event.target.value)}
              sx={{ minWidth: 160 }}
            >
              {(cycles ?? []).map((cycle) => (
                <MenuItem key={cycle.id} value={String(cycle.id)}>
                  {cycle.code}
                </MenuItem>
              ))}
            </TextField>
          }
        />
      )}
    </>
  );
};
