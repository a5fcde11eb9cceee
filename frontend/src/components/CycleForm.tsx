// An edit form of something reported in a cycle (a report, a contribution, a figure): once the
// cycle is closed it is read-only, says why, and says how to ask for a reopening; a reopening
// that Europol granted for it (it is then listed in My work) makes it writable again.
import { Alert, Box } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import type { ReactElement, ReactNode } from "react";
import {
  type RaRecord,
  type SimpleFormProps,
  useDataProvider,
  useGetOne,
  useRecordContext,
  useTranslate,
} from "react-admin";

import { MY_WORK_KEY } from "../mywork/keys";
import type { EmpactDataProvider } from "../providers/dataProvider";
import type { ContributionItem, MyWork, ReportItem } from "../types";
import { answered } from "./answered";
import { useFormatters } from "./format";
import { ResourceForm } from "./views";

type Item = ReportItem | ContributionItem;

const everyItem = (work: MyWork | null | undefined): Item[] =>
  work
    ? [
        ...work.led_reports,
        ...work.organisation_contributions,
        ...work.countries.flatMap((country) => country.contributions),
      ]
    : [];

const CLOSED = ["closed", "consolidated"];

export const CycleForm = ({
  writableIn,
  children,
  toolbar,
  ...rest
}: SimpleFormProps & {
  /** Whether My work's item is this record, so that a reopening for it counts. */
  writableIn: (item: Item, record: RaRecord) => boolean;
  children: ReactNode;
  toolbar?: ReactElement | false;
}) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const format = useFormatters();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const { data: cycle } = useGetOne(
    "reporting-cycles",
    { id: record?.reporting_cycle_id },
    { enabled: record?.reporting_cycle_id != null },
  );
  const closed = cycle !== undefined && CLOSED.includes(cycle.state);
  const work = useQuery({
    queryKey: MY_WORK_KEY,
    queryFn: async () => answered(await dataProvider.myWork(), "cycles"),
    enabled: closed,
  });
  const reopened =
    closed && record !== undefined && everyItem(work.data).some((item) => writableIn(item, record));
  const locked = closed && !work.isPending && !reopened;
  if (!locked) {
    return (
      <ResourceForm toolbar={toolbar} {...rest}>
        {children}
      </ResourceForm>
    );
  }
  return (
    <ResourceForm toolbar={false} {...rest}>
      <Alert severity="info" sx={{ mb: 2 }}>
        {translate("empact.closed_cycle.help", {
          code: cycle.code,
          date: format.date(cycle.closed_on ?? cycle.closes_on),
        })}
      </Alert>
      <Box component="fieldset" disabled sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
        {children}
      </Box>
    </ResourceForm>
  );
};
