// The small pieces that name and show a plan's cells: the field, the row (action and
// organisation), a value as it reads in the chosen language, the outcome chip.
import { Box, Button as MuiButton, Chip, Typography } from "@mui/material";
import { useState } from "react";
import { Link, useCreatePath, useTranslate } from "react-admin";

import { enumColour, enumLabel } from "../enums";
import en from "../i18n/en";
import type { CellOutcome } from "../types";
import { formatFigure, isIndicatorField, useFormatLocale } from "./format";
import type { PlanNames } from "./usePlanNames";

/** An indicator's name and unit, or "Narrative" / "State". */
export const useFieldName = (names: PlanNames) => {
  const translate = useTranslate();
  return (field: string | null): string => {
    if (!field) {
      return "";
    }
    if (!isIndicatorField(field)) {
      return translate(`resources.contributions.fields.${field}`);
    }
    const indicator = names.indicator(field);
    if (!indicator) {
      return field;
    }
    return indicator.unit ? `${indicator.name} (${indicator.unit})` : indicator.name;
  };
};

/** The row a cell belongs to: the action's code (a link to its page) and the organisation. */
export const RowName = ({ names, participationId }: { names: PlanNames; participationId: number }) => {
  const createPath = useCreatePath();
  const row = names.row(participationId);
  if (row.actionId === undefined) {
    return <span>…</span>;
  }
  return (
    <Box component="span" sx={{ display: "inline-flex", flexDirection: "column" }}>
      <span>
        <Link
          to={createPath({ resource: "operational-actions", id: row.actionId, type: "show" })}
          title={row.actionTitle}
        >
          {row.actionCode}
        </Link>
        {row.organisationCode ? ` · ${row.organisationCode}` : null}
      </span>
      {row.actionTitle ? (
        <Typography variant="caption" color="text.secondary" component="span">
          {row.actionTitle}
        </Typography>
      ) : null}
    </Box>
  );
};

/** The row's action by its title, a link to its page (the code is said nearby). */
export const ActionTitle = ({ names, participationId }: { names: PlanNames; participationId: number }) => {
  const createPath = useCreatePath();
  const row = names.row(participationId);
  if (row.actionId === undefined) {
    return null;
  }
  return (
    <Typography variant="body2" component="span">
      <Link to={createPath({ resource: "operational-actions", id: row.actionId, type: "show" })}>
        {row.actionTitle}
      </Link>
    </Typography>
  );
};

/** The row in words, for a legend: "OA 1.2 · FR, Arrests (persons), cell J5". */
export const useRowText = (names: PlanNames) => {
  const fieldName = useFieldName(names);
  const translate = useTranslate();
  return (participationId: number, field: string, cell: string): string => {
    const row = names.row(participationId);
    const who = [row.actionCode, row.organisationCode].filter(Boolean).join(" · ");
    return translate("empact.upload_wizard.cell_legend", {
      row: who || "…",
      field: fieldName(field),
      cell,
    });
  };
};

const LONG_TEXT = 160;

const REPORT_STATES = Object.keys(en.empact.enums.report_state);

/** A cell's value: a figure in the locale, a state translated, a long narrative folded. */
export const CellValue = ({ field, value }: { field: string; value: string }) => {
  const translate = useTranslate();
  const locale = useFormatLocale();
  const [open, setOpen] = useState(false);
  if (value === "") {
    return (
      <Typography component="span" variant="body2" color="text.secondary" sx={{ fontStyle: "italic" }}>
        {translate("empact.upload_wizard.empty_value")}
      </Typography>
    );
  }
  if (field === "state") {
    return (
      <span>
        {REPORT_STATES.includes(value) ? translate(enumLabel("report_state", value)) : value}
      </span>
    );
  }
  if (isIndicatorField(field)) {
    return <span>{formatFigure(value, locale)}</span>;
  }
  if (value.length <= LONG_TEXT) {
    return <Box component="span" sx={{ whiteSpace: "pre-wrap" }}>{value}</Box>;
  }
  return (
    <Box component="span" sx={{ whiteSpace: "pre-wrap" }}>
      {open ? value : `${value.slice(0, LONG_TEXT)}…`}{" "}
      <MuiButton
        size="small"
        variant="text"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        sx={{ p: 0, minWidth: 0, textTransform: "none", verticalAlign: "baseline" }}
      >
        {open
          ? translate("empact.upload_wizard.show_less")
          : translate("empact.upload_wizard.show_all", { count: value.length.toLocaleString(locale) })}
      </MuiButton>
    </Box>
  );
};

export const OutcomeChip = ({ outcome }: { outcome: CellOutcome }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={enumColour("cell_outcome", outcome)}
      label={translate(enumLabel("cell_outcome", outcome), { _: outcome })}
    />
  );
};
