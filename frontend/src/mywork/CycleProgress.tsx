// Europol's view of a cycle on the dashboard: reports and contributions handed in, per state,
// and the way to the cockpit.
import { Box, LinearProgress, Stack, Typography } from "@mui/material";
import { useId } from "react";
import { Link, useTranslate } from "react-admin";

import type { StateCounts } from "../types";
import { CountChips, Section } from "./parts";

const handedIn = (counts: StateCounts) => counts.submitted + counts.accepted;

const Progress = ({ label, counts }: { label: string; counts: StateCounts }) => {
  const translate = useTranslate();
  const labelId = useId();
  const done = handedIn(counts);
  const percent = counts.total > 0 ? Math.round((done / counts.total) * 100) : 0;
  const text = translate("empact.mywork.counts.handed_in", { done, total: counts.total });
  return (
    <Box sx={{ mb: 2 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: "baseline", flexWrap: "wrap" }}>
        <Typography variant="subtitle1" component="h3" id={labelId}>
          {label}
        </Typography>
        <Typography variant="body2">{text}</Typography>
      </Stack>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-labelledby={labelId}
        aria-valuetext={text}
        sx={{ height: 8, borderRadius: 1, my: 1 }}
      />
      <CountChips counts={counts} />
    </Box>
  );
};

export const CycleProgress = ({
  code,
  cycleId,
  reports,
  contributions,
}: {
  code: string;
  cycleId: number;
  reports: StateCounts;
  contributions: StateCounts;
}) => {
  const translate = useTranslate();
  return (
    <Section
      title={translate("empact.mywork.counts.title", { code })}
      actions={<Link to={`/cockpit/${cycleId}`}>{translate("empact.mywork.counts.cockpit")}</Link>}
    >
      <Progress label={translate("empact.mywork.counts.reports")} counts={reports} />
      <Progress label={translate("empact.mywork.counts.contributions")} counts={contributions} />
    </Section>
  );
};
