// Every participant's figures for the report's action in the report's cycle: one row per
// participating organisation (its role and the state of its contribution), one column per
// indicator someone gave a figure for, and the action's total as the indicators add up.
import {
  Alert,
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import {
  type Identifier,
  Link,
  Loading,
  type RaRecord,
  useDataProvider,
  useGetMany,
  useRecordContext,
  useLocaleState,
  useTranslate,
} from "react-admin";

import { useFormatters } from "../../components/format";
import { indicatorLabel } from "../../components/localName";
import { enumColour, enumLabel } from "../../enums";

interface Participation extends RaRecord {
  action_id: number;
  organisation_id: number;
  role: string;
}

interface Contribution extends RaRecord {
  participation_id: number;
  state: string;
}

interface Figure extends RaRecord {
  organisation_id: number;
  indicator_id: number;
  value: number | null;
  text_value: string | null;
}

interface Indicator extends RaRecord {
  code: string;
  name: string;
  name_fr: string | null;
  unit: string;
  unit_fr: string | null;
  aggregation: "sum" | "max" | "none";
  position: number;
}

interface Organisation extends RaRecord {
  code: string;
  name: string;
}

const PAGE = 1000; // the API's largest page
const ROLE_ORDER = ["leader", "co_leader", "participant", "partner"];

/** Every record of `resource` matching `filter`, page after page. */
const useAll = <T extends RaRecord>(resource: string, filter: Record<string, unknown>) => {
  const dataProvider = useDataProvider();
  return useQuery({
    queryKey: [resource, "all", filter],
    enabled: Object.values(filter).every((value) => value !== undefined && value !== null),
    queryFn: async () => {
      const records: T[] = [];
      for (let page = 1; ; page += 1) {
        const { data, total } = await dataProvider.getList<T>(resource, {
          filter,
          pagination: { page, perPage: PAGE },
          sort: { field: "id", order: "ASC" },
        });
        records.push(...data);
        if (data.length < PAGE || (total !== undefined && records.length >= total)) {
          return records;
        }
      }
    },
  });
};

const unique = (ids: Identifier[]) => [...new Set(ids)];

export const ReportFigures = () => {
  const report = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const format = useFormatters();
  const headingId = useId();
  const actionId = report?.action_id;
  const cycleId = report?.reporting_cycle_id;
  const participations = useAll<Participation>("participations", { action_id: actionId });
  const contributions = useAll<Contribution>("contributions", {
    action_id: actionId,
    reporting_cycle_id: cycleId,
  });
  const figures = useAll<Figure>("indicator-values", {
    action_id: actionId,
    reporting_cycle_id: cycleId,
  });
  const organisations = useGetMany<Organisation>("organisations", {
    ids: unique((participations.data ?? []).map((p) => p.organisation_id)),
  });
  const indicators = useGetMany<Indicator>("indicators", {
    ids: unique((figures.data ?? []).map((f) => f.indicator_id)),
  });
  if (!report) {
    return null;
  }
  const queries = [participations, contributions, figures, organisations, indicators];
  const failed = queries.some((query) => query.error);
  const pending = queries.some((query) => query.isPending);

  let body;
  if (failed) {
    body = <Alert severity="error">{translate("empact.report_moves.figures.load_error")}</Alert>;
  } else if (pending) {
    body = <Loading />;
  } else if ((participations.data ?? []).length === 0) {
    body = <Typography variant="body2">{translate("empact.report_moves.figures.none")}</Typography>;
  } else {
    const organisationsById = new Map((organisations.data ?? []).map((o) => [o.id, o]));
    const contributionOf = new Map<Identifier, Contribution>(
      (contributions.data ?? []).map((c) => [c.participation_id, c]),
    );
    const columns = [...(indicators.data ?? [])].sort(
      (a, b) => a.position - b.position || a.code.localeCompare(b.code),
    );
    const figureOf = new Map(
      (figures.data ?? []).map((f) => [`${f.organisation_id}:${f.indicator_id}`, f]),
    );
    const rows = [...(participations.data ?? [])].sort(
      (a, b) =>
        ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
        (organisationsById.get(a.organisation_id)?.code ?? "").localeCompare(
          organisationsById.get(b.organisation_id)?.code ?? "",
        ),
    );
    const shown = (figure: Figure | undefined) =>
      figure === undefined
        ? ""
        : figure.value !== null
          ? format.number(figure.value)
          : (figure.text_value ?? "");
    const total = (indicator: Indicator): string => {
      const values = (figures.data ?? [])
        .filter((f) => f.indicator_id === indicator.id && f.value !== null)
        .map((f) => f.value as number);
      if (indicator.aggregation === "none" || values.length === 0) {
        return "";
      }
      return format.number(
        indicator.aggregation === "max" ? Math.max(...values) : values.reduce((a, b) => a + b, 0),
      );
    };
    body = (
      <Box
        // Scrolls within the page's width rather than widening the page.
        sx={{ overflowX: "auto", width: 0, minWidth: "100%" }}
        tabIndex={0}
        role="region"
        aria-labelledby={headingId}
      >
        <Table size="small" aria-labelledby={headingId}>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                {translate("empact.report_moves.figures.participant")}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate("empact.report_moves.figures.role")}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate("empact.report_moves.figures.contribution")}
              </TableCell>
              {columns.map((indicator) => (
                <TableCell key={indicator.id} component="th" scope="col" align="right">
                  {indicatorLabel(indicator, locale)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((participation) => {
              const organisation = organisationsById.get(participation.organisation_id);
              const contribution = contributionOf.get(participation.id);
              return (
                <TableRow key={participation.id}>
                  <TableCell component="th" scope="row">
                    <abbr title={organisation?.name}>{organisation?.code}</abbr>
                  </TableCell>
                  <TableCell>
                    {translate(enumLabel("participation_role", participation.role), {
                      _: participation.role,
                    })}
                  </TableCell>
                  <TableCell>
                    {contribution ? (
                      <Link to={`/contributions/${contribution.id}/show`}>
                        <Chip
                          size="small"
                          sx={{ cursor: "pointer" }}
                          label={translate(enumLabel("report_state", contribution.state), {
                            _: contribution.state,
                          })}
                          color={enumColour("report_state", contribution.state)}
                        />
                      </Link>
                    ) : (
                      "–"
                    )}
                  </TableCell>
                  {columns.map((indicator) => (
                    <TableCell key={indicator.id} align="right">
                      {shown(figureOf.get(`${participation.organisation_id}:${indicator.id}`))}
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
          {columns.length > 0 ? (
            <TableFooter
              sx={{ "& th, & td": { color: "text.primary", fontSize: "inherit", fontWeight: 600 } }}
            >
              <TableRow>
                <TableCell component="th" scope="row" colSpan={3}>
                  {translate("empact.report_moves.figures.total")}
                </TableCell>
                {columns.map((indicator) => (
                  <TableCell key={indicator.id} align="right">
                    {total(indicator)}
                  </TableCell>
                ))}
              </TableRow>
            </TableFooter>
          ) : null}
        </Table>
        {columns.length === 0 ? (
          <Typography variant="body2" sx={{ p: 1 }}>
            {translate("empact.report_moves.figures.no_figure")}
          </Typography>
        ) : null}
      </Box>
    );
  }
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id={headingId} gutterBottom>
        {translate("empact.report_moves.figures.title")}
      </Typography>
      {body}
    </Box>
  );
};
