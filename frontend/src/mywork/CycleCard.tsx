// One cycle the user can act in: its code, period, due date and, in plain words, how long is
// left ("Due in 12 days", "3 days overdue").
import EventIcon from "@mui/icons-material/Event";
import { Card, CardContent, Chip, Stack, Typography } from "@mui/material";
import { useId } from "react";
import { Link, useTranslate } from "react-admin";

import { useFormatters } from "../components/format";
import { enumColour, enumLabel } from "../enums";
import type { MyCycle } from "../types";

/** "Due in 12 days", "Due today" or "3 days overdue". */
export const useDaysLeft = () => {
  const translate = useTranslate();
  return (days: number): string =>
    days > 0
      ? translate("empact.mywork.due_in", { smart_count: days })
      : days === 0
        ? translate("empact.mywork.due_today")
        : translate("empact.mywork.overdue", { smart_count: -days });
};

const urgency = (days: number) => (days < 0 ? "error.main" : days <= 7 ? "warning.main" : "text.primary");

export const CycleCard = ({ cycle, cockpit }: { cycle: MyCycle; cockpit: boolean }) => {
  const translate = useTranslate();
  const format = useFormatters();
  const daysLeft = useDaysLeft();
  const headingId = useId();
  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent>
        <Stack
          direction={{ xs: "column", sm: "row" }}
          spacing={2}
          useFlexGap
          sx={{ justifyContent: "space-between", alignItems: { sm: "center" } }}
        >
          <div>
            <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
              <Typography variant="h5" component="h2" id={headingId}>
                {translate("empact.mywork.cycle", { code: cycle.code })}
              </Typography>
              <Chip
                size="small"
                label={translate(enumLabel("cycle_state", cycle.state))}
                color={enumColour("cycle_state", cycle.state)}
              />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {translate("empact.mywork.period", {
                start: format.date(cycle.period_start),
                end: format.date(cycle.period_end),
              })}
            </Typography>
            {cockpit ? (
              <Link to={`/cockpit/${cycle.id}`} variant="body2">
                {translate("empact.mywork.counts.cockpit")}
              </Link>
            ) : null}
          </div>
          <Stack direction="row" spacing={1.5} sx={{ alignItems: "center" }}>
            <EventIcon fontSize="large" color="primary" aria-hidden />
            <div>
              <Typography variant="h6" component="p" sx={{ color: urgency(cycle.days_left) }}>
                {daysLeft(cycle.days_left)}
              </Typography>
              <Typography variant="body2">
                {cycle.reopened_until
                  ? translate("empact.mywork.reopened_until", {
                      date: format.date(cycle.reopened_until),
                    })
                  : translate("empact.mywork.due_on", { date: format.date(cycle.due_on) })}
              </Typography>
            </div>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
};
