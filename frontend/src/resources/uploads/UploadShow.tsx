import DownloadIcon from "@mui/icons-material/Download";
import { Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow } from "@mui/material";
import { useState } from "react";
import {
  Button,
  ReferenceField,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useDataProvider,
  useNotify,
  useRecordContext,
  useTranslate,
} from "react-admin";

import { DateTimeField, EnumField } from "../../components/fields";
import { ResourceShow } from "../../components/views";
import { enumColour, enumLabel } from "../../enums";
import type { EmpactDataProvider } from "../../providers/dataProvider";
import type { Upload } from "../../types";

/** How many cells the plan found of each outcome. */
const OutcomeCounts = (_props: { label: string }) => {
  const record = useRecordContext<Upload>();
  const translate = useTranslate();
  const counts = Object.entries(record?.counts ?? {});
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
      {counts.map(([outcome, count]) => (
        <Chip
          key={outcome}
          size="small"
          color={enumColour("cell_outcome", outcome)}
          label={`${translate(enumLabel("cell_outcome", outcome), { _: outcome })}: ${count}`}
        />
      ))}
    </Stack>
  );
};

/** Each problem with its sheet, row, column and message, as someone fixing them reads. */
const Problems = (_props: { label: string }) => {
  const record = useRecordContext<Upload>();
  const translate = useTranslate();
  const problems = record?.problems ?? [];
  if (problems.length === 0) {
    return <span>{translate("empact.uploads.no_problems")}</span>;
  }
  const header = (key: string) => (
    <TableCell component="th" scope="col">
      {translate(`empact.uploads.${key}`)}
    </TableCell>
  );
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {header("severity")}
          {header("sheet")}
          {header("row")}
          {header("column")}
          {header("message")}
        </TableRow>
      </TableHead>
      <TableBody>
        {problems.map((problem, index) => (
          <TableRow key={index}>
            <TableCell>
              <Chip
                size="small"
                color={problem.severity === "error" ? "error" : "warning"}
                label={translate(`empact.uploads.severities.${problem.severity}`, { _: problem.severity })}
              />
            </TableCell>
            <TableCell>{problem.sheet}</TableCell>
            <TableCell>{problem.row ?? "–"}</TableCell>
            <TableCell>{problem.column ?? problem.cell ?? "–"}</TableCell>
            <TableCell>{problem.message}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The uploaded workbook back, with the bad cells marked. */
const ErrorWorkbookButton = () => {
  const record = useRecordContext<Upload>();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  if (!record || record.problems.length === 0) {
    return null;
  }
  const download = () => {
    setBusy(true);
    dataProvider
      .download(`/uploads/${record.id}/error-workbook`)
      .catch((error: Error) => notify(error.message, { type: "error" }))
      .finally(() => setBusy(false));
  };
  return (
    <Button label="empact.uploads.download_errors" onClick={download} disabled={busy}>
      <DownloadIcon />
    </Button>
  );
};

const UploadActions = () => (
  <TopToolbar>
    <ErrorWorkbookButton />
  </TopToolbar>
);

export const UploadShow = () => (
  <ResourceShow actions={<UploadActions />}>
    <SimpleShowLayout>
      <TextField source="filename" />
      <DateTimeField source="created_at" />
      <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link="show" />
      <TextField source="country" />
      <TextField source="template" />
      <EnumField source="status" enumName="upload_status" />
      <OutcomeCounts label="empact.sections.counts" />
      <Problems label="empact.sections.problems" />
      <TextField source="sha256" sx={{ fontFamily: "monospace", wordBreak: "break-all" }} />
    </SimpleShowLayout>
  </ResourceShow>
);
