// Conflicts: a cell changed in the tool since the workbook was made, and differently in the
// file. Per cell, both values and where each came from, and a choice between them.
import {
  Box,
  Button,
  FormControlLabel,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from "@mui/material";
import { useId } from "react";
import { useTranslate } from "react-admin";

import type { UploadCell, UploadChoices } from "../types";
import { ActionTitle, CellValue, useRowText } from "./CellParts";
import { formatFigure, isIndicatorField, useFormatLocale } from "./format";
import type { PlanNames } from "./usePlanNames";

type Choice = UploadChoices[string];

/** What the workbook held, in a sentence: a figure in the locale, a long text cut short. */
const baseText = (field: string, base: string, locale: string): string => {
  if (isIndicatorField(field)) {
    return formatFigure(base, locale);
  }
  return base.length > 60 ? `${base.slice(0, 60)}…` : base;
};

const Option = ({
  value,
  label,
  origin,
  field,
  shown,
}: {
  value: Choice;
  label: string;
  origin: string;
  field: string;
  shown: string;
}) => {
  const describedBy = useId();
  return (
    <Box sx={{ flex: "1 1 260px", border: 1, borderColor: "divider", borderRadius: 1, p: 1.5 }}>
      <FormControlLabel
        value={value}
        control={<Radio slotProps={{ input: { "aria-describedby": describedBy } }} />}
        label={label}
        sx={{ "& .MuiFormControlLabel-label": { fontWeight: 600 } }}
      />
      <Box id={describedBy} sx={{ pl: 4 }}>
        <Typography variant="body1" component="div">
          <CellValue field={field} value={shown} />
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {origin}
        </Typography>
      </Box>
    </Box>
  );
};

const Conflict = ({
  cell,
  names,
  choice,
  onChoose,
}: {
  cell: UploadCell;
  names: PlanNames;
  choice: Choice | undefined;
  onChoose: (choice: Choice) => void;
}) => {
  const translate = useTranslate();
  const rowText = useRowText(names);
  const locale = useFormatLocale();
  const legendId = useId();
  return (
    <Paper variant="outlined" component="fieldset" sx={{ p: 2, m: 0, minWidth: 0 }}>
      <Typography component="legend" id={legendId} sx={{ fontWeight: 600, px: 0.5 }}>
        {rowText(cell.participation_id, cell.field, cell.cell)}
      </Typography>
      <Box sx={{ mb: 1 }}>
        <ActionTitle names={names} participationId={cell.participation_id} />
      </Box>
      <RadioGroup
        aria-labelledby={legendId}
        value={choice ?? ""}
        onChange={(event) => onChoose(event.target.value as Choice)}
        sx={{ flexDirection: "row", flexWrap: "wrap", gap: 2 }}
      >
        <Option
          value="file"
          label={translate("empact.upload_wizard.conflicts.keep_file")}
          origin={translate("empact.upload_wizard.conflicts.file_origin")}
          field={cell.field}
          shown={cell.proposed}
        />
        <Option
          value="stored"
          label={translate("empact.upload_wizard.conflicts.keep_stored")}
          origin={
            cell.base === ""
              ? translate("empact.upload_wizard.conflicts.stored_origin_empty")
              : translate("empact.upload_wizard.conflicts.stored_origin", {
                  base: baseText(cell.field, cell.base, locale),
                })
          }
          field={cell.field}
          shown={cell.stored}
        />
      </RadioGroup>
    </Paper>
  );
};

export const ConflictChoices = ({
  conflicts,
  names,
  choices,
  onChoices,
}: {
  conflicts: readonly UploadCell[];
  names: PlanNames;
  choices: UploadChoices;
  onChoices: (choices: UploadChoices) => void;
}) => {
  const translate = useTranslate();
  const all = (choice: Choice) =>
    onChoices(Object.fromEntries(conflicts.map((cell) => [cell.cell, choice])));
  return (
    <Stack spacing={2}>
      <Typography>{translate("empact.upload_wizard.conflicts.explain")}</Typography>
      {conflicts.length > 1 ? (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
          <Button variant="outlined" size="small" onClick={() => all("file")}>
            {translate("empact.upload_wizard.conflicts.all_file")}
          </Button>
          <Button variant="outlined" size="small" onClick={() => all("stored")}>
            {translate("empact.upload_wizard.conflicts.all_stored")}
          </Button>
        </Stack>
      ) : null}
      {conflicts.map((cell) => (
        <Conflict
          key={cell.id}
          cell={cell}
          names={names}
          choice={choices[cell.cell]}
          onChoose={(choice) => onChoices({ ...choices, [cell.cell]: choice })}
        />
      ))}
    </Stack>
  );
};
