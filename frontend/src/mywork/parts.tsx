// Pieces the "My work" sections share: a titled section, state chips and counts, and tables
// that show their first rows until asked for all.
import { Box, Button, Card, CardContent, Chip, Stack, Typography } from "@mui/material";
import { type ReactNode, useId, useState } from "react";
import { useTranslate } from "react-admin";

import { enumColour, enumLabel } from "../enums";
import type { ReportState, StateCounts } from "../types";

/** Hidden on screen, read by screen readers (the page's h1 beside the app bar's title). */
export const visuallyHidden = {
  border: 0,
  clip: "rect(0 0 0 0)",
  height: "1px",
  margin: "-1px",
  overflow: "hidden",
  padding: 0,
  position: "absolute",
  whiteSpace: "nowrap",
  width: "1px",
} as const;

/** A card with an h2 that names the region. */
export const Section = ({
  title,
  actions,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) => {
  const headingId = useId();
  return (
    <Card component="section" aria-labelledby={headingId} variant="outlined">
      <CardContent>
        <Stack
          direction="row"
          spacing={2}
          useFlexGap
          sx={{ alignItems: "center", justifyContent: "space-between", flexWrap: "wrap", mb: 1 }}
        >
          <Typography variant="h6" component="h2" id={headingId}>
            {title}
          </Typography>
          {actions}
        </Stack>
        {children}
      </CardContent>
    </Card>
  );
};

/** Not started once its due date has passed: overdue, said as such. */
const isOverdue = (state: ReportState, dueOn?: string): boolean =>
  state === "not_started" &&
  dueOn !== undefined &&
  new Date().toISOString().slice(0, 10) > dueOn;

export const StateChip = ({ state, dueOn }: { state: ReportState; dueOn?: string }) => {
  const translate = useTranslate();
  if (isOverdue(state, dueOn)) {
    return <Chip size="small" label={translate("empact.cockpit.states.overdue")} color="error" />;
  }
  return (
    <Chip
      size="small"
      label={translate(enumLabel("report_state", state), { _: state })}
      color={enumColour("report_state", state)}
    />
  );
};

const STATES: readonly ReportState[] = [
  "not_started",
  "draft",
  "returned",
  "submitted",
  "accepted",
  "missing",
];

/** "Draft 43 · Submitted 9 ...": each state that has any, as a chip with its count. */
export const CountChips = ({ counts }: { counts: StateCounts }) => {
  const translate = useTranslate();
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      component="ul"
      sx={{ flexWrap: "wrap", listStyle: "none", p: 0, m: 0 }}
    >
      {STATES.filter((state) => counts[state] > 0).map((state) => (
        <li key={state}>
          <Chip
            size="small"
            variant={state === "not_started" ? "outlined" : "filled"}
            color={enumColour("report_state", state)}
            label={`${translate(enumLabel("report_state", state))}: ${counts[state]}`}
          />
        </li>
      ))}
    </Stack>
  );
};

const FIRST_ROWS = 10;

/** The first rows of a long list, and a button to show them all (or fewer again). */
export const useFirstRows = <T,>(rows: readonly T[]) => {
  const translate = useTranslate();
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  const toggle =
    rows.length > FIRST_ROWS ? (
      <Box sx={{ mt: 1 }}>
        <Button size="small" onClick={() => setAll(!all)} aria-expanded={all}>
          {all
            ? translate("empact.mywork.show_fewer")
            : translate("empact.mywork.show_all", { count: rows.length })}
        </Button>
      </Box>
    ) : null;
  return { shown, toggle };
};

/** "3 of 36 still to hand in", or the all-in message when nothing is owed. */
export const OwedSummary = ({
  owed,
  total,
  allIn,
}: {
  owed: number;
  total: number;
  allIn: string;
}) => {
  const translate = useTranslate();
  return (
    <Typography variant="body1" sx={{ mb: 1, fontWeight: owed > 0 ? 500 : 400 }}>
      {owed > 0 ? translate("empact.mywork.still_owed", { owed, total }) : translate(allIn)}
    </Typography>
  );
};
