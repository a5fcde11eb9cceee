// The start page: what the signed-in person owes or reviews in the cycles it can act in, from
// GET /api/my-work. A header card per cycle, then one section per role it holds: the reports
// of the actions it leads, its country's or organisation's contributions, the reports waiting
// for its review, and (Europol) where each cycle stands.
import { Alert, Box, Stack, Typography } from "@mui/material";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Loading,
  Title,
  useDataProvider,
  useGetIdentity,
  usePermissions,
  useTranslate,
} from "react-admin";

import { answered } from "../components/answered";
import { Home } from "../layout/Home";
import { can } from "../providers/authProvider";
import type { EmpactDataProvider } from "../providers/dataProvider";
import { useFormatters } from "../components/format";
import type { MissingWork, MyWork as MyWorkData, Role, StateCounts } from "../types";
import { CountrySection } from "./CountrySection";
import { MY_WORK_KEY } from "./keys";
import { CycleCard } from "./CycleCard";
import { CycleProgress } from "./CycleProgress";
import { CountChips, OwedSummary, Section, visuallyHidden } from "./parts";
import { ContributionTable, ReportTable } from "./WorkTables";

/** The roles that owe or review something; an administrator alone goes to its own screens. */
const WORKING_ROLES: readonly Role[] = ["europol", "driver", "leader", "nec", "participant"];
const COCKPIT_ROLES: readonly Role[] = ["europol", "driver"];

export { MY_WORK_KEY };

const countStates = (items: readonly { state: keyof StateCounts }[]): StateCounts => {
  const counts: StateCounts = {
    not_started: 0,
    draft: 0,
    submitted: 0,
    returned: 0,
    accepted: 0,
    missing: 0,
    total: 0,
  };
  for (const item of items) {
    counts[item.state] += 1;
    counts.total += 1;
  }
  return counts;
};

/** What was never handed in before the last cycle closed: read-only, with the way back in. */
const MissingSection = ({ work, onMoved }: { work: MissingWork; onMoved: () => void }) => {
  const translate = useTranslate();
  const format = useFormatters();
  const total = work.reports.length + work.contributions.length;
  return (
    <Section title={translate("empact.mywork.missing.title", { code: work.cycle.code })}>
      <Alert severity="warning" sx={{ mb: 2 }}>
        {translate("empact.mywork.missing.help", {
          smart_count: total,
          code: work.cycle.code,
          date: format.date(work.cycle.due_on),
        })}
      </Alert>
      {work.reports.length > 0 ? (
        <ReportTable items={work.reports} review={false} onMoved={onMoved} readOnly />
      ) : null}
      {work.contributions.length > 0 ? (
        <ContributionTable items={work.contributions} showOrganisation onMoved={onMoved} readOnly />
      ) : null}
    </Section>
  );
};

const Page = ({ data }: { data: MyWorkData }) => {
  const translate = useTranslate();
  const queryClient = useQueryClient();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions();
  const roles = new Set(data.roles);
  const onMoved = () => void queryClient.invalidateQueries({ queryKey: MY_WORK_KEY });
  const codes = new Map(data.cycles.map((cycle) => [cycle.id, cycle.code]));
  // The cycle's code in each row only when there is more than one cycle to tell apart.
  const cycleCode =
    data.cycles.length > 1 ? (id: number) => codes.get(id) ?? String(id) : undefined;
  const ledOwed = data.led_reports.filter((item) => item.owed).length;
  const ownOwed = data.organisation_contributions.filter((item) => item.owed).length;
  const cockpitLink = can(permissions, COCKPIT_ROLES) && !roles.has("europol");

  return (
    <Stack spacing={3} sx={{ mt: 2, mb: 4 }}>
      {data.cycles.length === 0 ? (
        <Alert severity="info">
          {translate(
            (data.missing ?? []).length > 0 ? "empact.mywork.no_open_cycle" : "empact.mywork.no_cycle",
          )}
        </Alert>
      ) : (
        data.cycles.map((cycle) => <CycleCard key={cycle.id} cycle={cycle} cockpit={cockpitLink} />)
      )}

      {roles.has("leader") && data.cycles.length > 0 ? (
        <Section title={translate("empact.mywork.led.title")}>
          {data.led_reports.length === 0 ? (
            <Typography variant="body1">{translate("empact.mywork.led.none")}</Typography>
          ) : (
            <>
              <OwedSummary
                owed={ledOwed}
                total={data.led_reports.length}
                allIn="empact.mywork.led.all_in"
              />
              <ReportTable
                items={data.led_reports}
                review={false}
                cycleCode={cycleCode}
                onMoved={onMoved}
              />
            </>
          )}
        </Section>
      ) : null}

      {data.countries.map((work) => (
        <CountrySection
          key={`${work.reporting_cycle_id}-${work.country}`}
          work={work}
          cycleCode={cycleCode}
          onMoved={onMoved}
        />
      ))}

      {roles.has("participant") && data.cycles.length > 0 ? (
        <Section
          title={translate("empact.mywork.organisation.title", {
            organisation: identity?.organisation_name || identity?.organisation_code || "",
          })}
        >
          <OwedSummary
            owed={ownOwed}
            total={data.organisation_contributions.length}
            allIn="empact.mywork.country.all_in"
          />
          <Box sx={{ mb: 2 }}>
            <CountChips counts={countStates(data.organisation_contributions)} />
          </Box>
          <ContributionTable
            items={data.organisation_contributions}
            showOrganisation={false}
            cycleCode={cycleCode}
            onMoved={onMoved}
          />
        </Section>
      ) : null}

      {(roles.has("driver") || roles.has("europol")) && data.cycles.length > 0 ? (
        <Section title={translate("empact.mywork.review.title")}>
          {data.reports_to_review.length === 0 ? (
            <Typography variant="body1">{translate("empact.mywork.review.none")}</Typography>
          ) : (
            <ReportTable
              items={data.reports_to_review}
              review
              cycleCode={cycleCode}
              onMoved={onMoved}
            />
          )}
        </Section>
      ) : null}

      {(data.missing ?? []).map((work) => (
        <MissingSection key={work.cycle.id} work={work} onMoved={onMoved} />
      ))}

      {data.cycle_counts.map((counts) => (
        <CycleProgress
          key={counts.reporting_cycle_id}
          cycleId={counts.reporting_cycle_id}
          code={codes.get(counts.reporting_cycle_id) ?? String(counts.reporting_cycle_id)}
          reports={counts.reports}
          contributions={counts.contributions}
        />
      ))}
    </Stack>
  );
};

export const MyWork = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const { permissions, isPending: permissionsPending } = usePermissions();
  const working = can(permissions, WORKING_ROLES);
  const { data, isPending, error } = useQuery({
    queryKey: MY_WORK_KEY,
    queryFn: async () => answered(await dataProvider.myWork(), "cycles"),
    enabled: working,
  });
  if (permissionsPending) {
    return <Loading />;
  }
  if (!working) {
    return <Home />;
  }
  return (
    <Box>
      <Title title="empact.mywork.title" />
      <Typography component="h1" sx={visuallyHidden}>
        {translate("empact.mywork.title")}
      </Typography>
      {isPending ? (
        <Loading />
      ) : error ? (
        <Alert severity="error" sx={{ mt: 2 }}>
          {translate("empact.mywork.load_error")} {error.message}
        </Alert>
      ) : data ? (
        <Page data={data} />
      ) : null}
    </Box>
  );
};
