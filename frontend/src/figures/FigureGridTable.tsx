// The figures grid: one row per participation, one column per indicator that applies, the
// previous cycle's figure under each cell. Typing, Tab and Enter move as in a spreadsheet, a
// block pasted from a spreadsheet fills the cells from the one pasted into, and one Save sends
// every changed cell with the version it was read at: the server saves all or nothing, and a
// figure someone changed meanwhile is marked while the typed value stays on screen.
import AcceptIcon from "@mui/icons-material/CheckCircle";
import SaveIcon from "@mui/icons-material/Save";
import SubmitIcon from "@mui/icons-material/Send";
import ReturnIcon from "@mui/icons-material/Undo";
import {
  Alert,
  Box,
  Button,
  Chip,
  MenuItem,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  type ClipboardEvent,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useMemo,
  useRef,
  useState,
} from "react";
import {
  Confirm,
  HttpError,
  type Identifier,
  Loading,
  useDataProvider,
  useLocaleState,
  useNotify,
  useTranslate,
} from "react-admin";

import { formatLocale } from "../providers/i18nProvider";
import type { EmpactDataProvider } from "../providers/dataProvider";
import { enumColour, enumLabel } from "../enums";
import { ReviewDialog, SUBMITTABLE, useReportMove } from "../resources/action-reports/ReportActions";
import type { ReportMove } from "../types";
import { type FigureGrid, type GridFilters, type GridIndicator, type GridRow, cellKey } from "./types";

interface Props {
  cycleId: Identifier;
  filters: GridFilters;
  /** Shown above the grid, beside Save. */
  heading?: ReactNode;
  /** Called after a save or a move, e.g. to reload the page's record. */
  onChanged?: () => void;
  /** Show the action column and the plan and action filters (a country's grid); a report's
   * grid has one action. */
  showAction?: boolean;
}

const stored = (row: GridRow, indicator: GridIndicator): string =>
  row.cells[String(indicator.id)]?.value ?? "";

const inputStyle = (state: "clean" | "dirty" | "problem") => ({
  width: "100%",
  minWidth: 72,
  boxSizing: "border-box" as const,
  padding: "4px 6px",
  font: "inherit",
  textAlign: "right" as const,
  border: `1px solid ${state === "problem" ? "#d32f2f" : state === "dirty" ? "#ed6c02" : "#bdbdbd"}`,
  borderWidth: state === "clean" ? 1 : 2,
  borderRadius: 4,
  background: state === "dirty" ? "#fff8e1" : state === "problem" ? "#fdecea" : "#fff",
});

export const FigureGridTable = ({ cycleId, filters, heading, onChanged, showAction }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const queryClient = useQueryClient();
  const queryKey = ["figure-grid", String(cycleId), filters];
  const { data: grid, isPending, error } = useQuery({
    queryKey,
    queryFn: () => dataProvider.figureGrid(cycleId, filters),
  });
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<{ severity: "error" | "warning"; text: string } | null>(
    null,
  );
  const [review, setReview] = useState<{ id: Identifier; move: "return" | "accept" } | null>(null);
  const [confirmSubmit, setConfirmSubmit] = useState<GridRow | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const numbers = useMemo(
    () => new Intl.NumberFormat(formatLocale(locale), { maximumFractionDigits: 3 }),
    [locale],
  );
  const shown = (value: string | null | undefined): string => {
    if (value == null || value === "") {
      return "";
    }
    const number = Number(value);
    return Number.isFinite(number) ? numbers.format(number) : value;
  };

  const reload = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ["figure-grid", String(cycleId)] });
    onChanged?.();
  }, [queryClient, cycleId, onChanged]);

  const [planFilter, setPlanFilter] = useState("");
  const [actionFilter, setActionFilter] = useState("");
  const allRows = useMemo(() => grid?.rows ?? [], [grid]);
  const rows = useMemo(
    () =>
      allRows.filter(
        (row) =>
          (planFilter === "" || String(row.plan_id) === planFilter) &&
          (actionFilter === "" || String(row.action_id) === actionFilter),
      ),
    [allRows, planFilter, actionFilter],
  );
  const actions = useMemo(() => {
    const seen = new Map<number, string>();
    for (const row of allRows) {
      if (planFilter === "" || String(row.plan_id) === planFilter) {
        seen.set(row.action_id, row.action);
      }
    }
    return [...seen.entries()];
  }, [allRows, planFilter]);
  const indicators = useMemo(() => grid?.indicators ?? [], [grid]);
  const changed = useMemo(() => {
    const found: { row: GridRow; indicator: GridIndicator; value: string }[] = [];
    for (const row of rows) {
      for (const indicator of indicators) {
        const key = cellKey(row.participation_id, indicator.id);
        if (key in edits && edits[key].trim() !== stored(row, indicator)) {
          found.push({ row, indicator, value: edits[key].trim() });
        }
      }
    }
    return found;
  }, [rows, indicators, edits]);
  const dirtyRows = new Set(changed.map(({ row }) => row.participation_id));

  const save = useMutation({
    mutationFn: () =>
      dataProvider.saveFigures(
        cycleId,
        changed.map(({ row, indicator, value }) => ({
          participation_id: row.participation_id,
          indicator_id: indicator.id,
          value,
          version: row.cells[String(indicator.id)]?.version ?? null,
        })),
      ),
    onSuccess: async (saved) => {
      setEdits({});
      setProblems({});
      setBanner(null);
      notify("empact.figures.saved", {
        type: "success",
        messageArgs: { smart_count: saved.created + saved.updated + saved.deleted },
      });
      await reload();
    },
    onError: async (failure: unknown) => {
      const body =
        failure instanceof HttpError && failure.body && typeof failure.body === "object"
          ? (failure.body as { detail?: string; fields?: { field: string; message: string }[] })
          : {};
      const fields = body.fields ?? [];
      setProblems(Object.fromEntries(fields.map(({ field, message }) => [field, message])));
      const text = body.detail ?? (failure instanceof Error ? failure.message : String(failure));
      const stale = failure instanceof HttpError && failure.status === 409;
      setBanner({ severity: stale ? "warning" : "error", text });
      if (stale) {
        // Show what is stored now; what the user typed stays in `edits`.
        await queryClient.invalidateQueries({ queryKey: ["figure-grid", String(cycleId)] });
      }
    },
  });

  const move = useReportMove(() => {
    setReview(null);
    void reload();
  }, "contributions");

  const focusCell = (rowIndex: number, columnIndex: number): boolean => {
    const target = table.current?.querySelector<HTMLElement>(
      `[data-row="${rowIndex}"][data-col="${columnIndex}"]`,
    );
    if (target) {
      target.focus();
      if (target instanceof HTMLInputElement) {
        target.select();
      }
      return true;
    }
    return false;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, rowIndex: number, columnIndex: number) => {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    const step = event.shiftKey ? -1 : 1;
    for (let next = rowIndex + step; next >= 0 && next < rows.length; next += step) {
      if (focusCell(next, columnIndex)) {
        return;
      }
    }
  };

  const writableCell = (row: GridRow, indicator: GridIndicator | undefined) =>
    indicator !== undefined && row.writable && row.indicator_ids.includes(indicator.id);

  const onPaste = (event: ClipboardEvent<HTMLElement>, rowIndex: number, columnIndex: number) => {
    const text = event.clipboardData.getData("text/plain");
    if (!text.includes("\t") && !text.includes("\n")) {
      return;
    }
    event.preventDefault();
    const lines = text.replace(/\r/g, "").split("\n");
    while (lines.length > 0 && lines[lines.length - 1] === "") {
      lines.pop();
    }
    setEdits((before) => {
      const after = { ...before };
      lines.forEach((line, i) => {
        line.split("\t").forEach((value, j) => {
          const row = rows[rowIndex + i];
          const indicator = indicators[columnIndex + j];
          if (row && indicator && writableCell(row, indicator)) {
            after[cellKey(row.participation_id, indicator.id)] = value.trim();
          }
        });
      });
      return after;
    });
  };

  if (isPending) {
    return <Loading />;
  }
  if (error || !grid) {
    return <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>;
  }

  const moves = (row: GridRow) => {
    const id = row.contribution_id;
    if (id == null) {
      return null;
    }
    const submittable =
      row.may_submit && row.writable && [...SUBMITTABLE, "missing"].includes(row.contribution_state);
    const reviewable = row.may_review && row.contribution_state === "submitted";
    return (
      <Stack direction="row" spacing={0.5}>
        {submittable ? (
          <Tooltip
            title={dirtyRows.has(row.participation_id) ? translate("empact.figures.save_first") : ""}
          >
            <span>
              <Button
                size="small"
                startIcon={<SubmitIcon />}
                disabled={move.isPending || dirtyRows.has(row.participation_id)}
                onClick={() => setConfirmSubmit(row)}
                aria-label={translate("empact.figures.submit_row", { row: rowName(row) })}
              >
                {translate("empact.figures.submit")}
              </Button>
            </span>
          </Tooltip>
        ) : null}
        {reviewable ? (
          <>
            <Button
              size="small"
              color="success"
              startIcon={<AcceptIcon />}
              disabled={move.isPending}
              onClick={() => setReview({ id, move: "accept" })}
              aria-label={translate("empact.figures.accept_row", { row: rowName(row) })}
            >
              {translate("empact.report_moves.accept")}
            </Button>
            <Button
              size="small"
              color="warning"
              startIcon={<ReturnIcon />}
              disabled={move.isPending}
              onClick={() => setReview({ id, move: "return" })}
              aria-label={translate("empact.figures.return_row", { row: rowName(row) })}
            >
              {translate("empact.report_moves.return")}
            </Button>
          </>
        ) : null}
      </Stack>
    );
  };

  // A report's grid shows the reader's own row apart; a country's rows are all its own.
  const rowBackground = (row: GridRow) =>
    row.own && !showAction ? "#e8f4fd" : row.writable ? "#fff" : "#fafafa";

  const rowName = (row: GridRow) =>
    showAction ? `${row.action} – ${row.organisation}` : row.organisation;

  const cell = (row: GridRow, rowIndex: number, indicator: GridIndicator, columnIndex: number) => {
    const key = cellKey(row.participation_id, indicator.id);
    const previous = row.cells[String(indicator.id)]?.previous;
    const applies = row.indicator_ids.includes(indicator.id);
    if (!applies) {
      return (
        <td key={indicator.id} style={{ background: "#f5f5f5", textAlign: "center" }}>
          <Typography variant="caption" color="text.disabled">
            –
          </Typography>
        </td>
      );
    }
    const problem = problems[key];
    const value = key in edits ? edits[key] : stored(row, indicator);
    const dirty = key in edits && edits[key].trim() !== stored(row, indicator);
    const label = `${rowName(row)} – ${indicator.name}`;
    const common = {
      "data-row": rowIndex,
      "data-col": columnIndex,
      "aria-label": label,
      "aria-invalid": problem ? true : undefined,
      title: problem ?? "",
      onKeyDown: (event: KeyboardEvent<HTMLElement>) => onKeyDown(event, rowIndex, columnIndex),
      onPaste: (event: ClipboardEvent<HTMLElement>) => onPaste(event, rowIndex, columnIndex),
      style: inputStyle(problem ? "problem" : dirty ? "dirty" : "clean"),
    };
    const setValue = (typed: string) => {
      setEdits((before) => ({ ...before, [key]: typed }));
      if (problem) {
        setProblems(({ [key]: _, ...rest }) => rest);
      }
    };
    return (
      <td key={indicator.id} style={{ padding: 4, verticalAlign: "top" }}>
        {row.writable ? (
          indicator.kind === "choice" ? (
            <select {...common} value={value} onChange={(event) => setValue(event.target.value)}>
              <option value="">–</option>
              {(indicator.choices ?? []).map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          ) : (
            <input
              {...common}
              inputMode="decimal"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          )
        ) : (
          <Typography variant="body2" sx={{ textAlign: "right", px: 0.75, py: 0.5 }}>
            {shown(stored(row, indicator)) || "–"}
          </Typography>
        )}
        {previous != null || dirty || problem ? (
          <Typography
            variant="caption"
            component="div"
            color={problem ? "error" : "text.secondary"}
            sx={{ textAlign: "right", lineHeight: 1.3, maxWidth: 180, ml: "auto" }}
          >
            {problem && dirty
              ? translate("empact.figures.stored_now", { value: shown(stored(row, indicator)) || "–" })
              : null}
            {problem && dirty ? <br /> : null}
            {previous != null
              ? translate("empact.figures.previous", {
                  cycle: grid.previous_cycle_code ?? "",
                  value: shown(previous),
                })
              : null}
          </Typography>
        ) : null}
      </td>
    );
  };

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 1, flexWrap: "wrap" }}>
        {heading}
        {showAction ? (
          <>
            <TextField
              select
              size="small"
              fullWidth={false}
              label={translate("empact.figures.plan")}
              value={planFilter}
              onChange={(event) => {
                setPlanFilter(event.target.value);
                setActionFilter("");
              }}
              sx={{ minWidth: 220 }}
            >
              <MenuItem value="">{translate("empact.figures.every_plan")}</MenuItem>
              {grid.plans.map((plan) => (
                <MenuItem key={plan.id} value={String(plan.id)}>
                  {plan.code} – {plan.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              fullWidth={false}
              label={translate("empact.figures.action")}
              value={actionFilter}
              onChange={(event) => setActionFilter(event.target.value)}
              sx={{ minWidth: 200 }}
            >
              <MenuItem value="">{translate("empact.figures.every_action")}</MenuItem>
              {actions.map(([id, name]) => (
                <MenuItem key={id} value={String(id)}>
                  {name}
                </MenuItem>
              ))}
            </TextField>
          </>
        ) : null}
        <Box sx={{ flex: 1 }} />
        {changed.length > 0 ? (
          <Typography variant="body2" color="warning.main">
            {translate("empact.figures.unsaved", { smart_count: changed.length })}
          </Typography>
        ) : null}
        {rows.some((row) => row.writable) ? (
          <Button
            variant="contained"
            startIcon={<SaveIcon />}
            disabled={changed.length === 0 || save.isPending}
            onClick={() => save.mutate()}
          >
            {translate("empact.figures.save", { smart_count: Math.max(changed.length, 1) })}
          </Button>
        ) : null}
      </Stack>
      {banner ? (
        <Alert severity={banner.severity} sx={{ mb: 1 }} onClose={() => setBanner(null)}>
          {banner.text}
        </Alert>
      ) : null}
      {rows.length === 0 ? (
        <Alert severity="info">{translate("empact.figures.no_rows")}</Alert>
      ) : (
        // Its width is the page's, not its columns': the columns scroll inside it.
        <Box
          sx={{
            overflow: "auto",
            maxHeight: "70vh",
            border: 1,
            borderColor: "divider",
            contain: "inline-size",
          }}
        >
          <table
            ref={table}
            style={{ borderCollapse: "collapse", fontSize: 14, width: "100%" }}
            aria-label={translate("empact.figures.title")}
          >
            <thead>
              <tr>
                <th style={{ ...headStyle, ...stickyStyle, zIndex: 2 }}>
                  {showAction
                    ? translate("empact.figures.action_and_organisation")
                    : translate("empact.figures.organisation")}
                </th>
                {indicators.map((indicator) => (
                  <th key={indicator.id} style={{ ...headStyle, minWidth: 96 }}>
                    <Tooltip title={indicator.description}>
                      <span>
                        {indicator.name}
                        {indicator.unit ? (
                          <Typography variant="caption" component="div" color="text.secondary">
                            {indicator.unit}
                          </Typography>
                        ) : null}
                      </span>
                    </Tooltip>
                  </th>
                ))}
                <th style={headStyle} />
              </tr>
            </thead>
            <tbody>
              {rows.map((row, rowIndex) => (
                <tr
                  key={row.participation_id}
                  style={{
                    borderTop: "1px solid #e0e0e0",
                    background: rowBackground(row),
                  }}
                >
                  <td style={{ ...bodyStyle, ...stickyStyle, background: rowBackground(row) }}>
                    {showAction ? (
                      <Tooltip title={`${row.plan} – ${row.action_title}`}>
                        <Typography variant="body2" sx={{ fontWeight: 600 }}>
                          {row.action}
                        </Typography>
                      </Tooltip>
                    ) : null}
                    <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
                      <Typography variant="body2">{row.organisation}</Typography>
                      <Chip
                        size="small"
                        label={translate(enumLabel("report_state", row.contribution_state))}
                        color={enumColour("report_state", row.contribution_state)}
                      />
                    </Stack>
                    {row.read_only_reason ? (
                      <Typography variant="caption" component="div" color="text.secondary">
                        {row.read_only_reason}
                      </Typography>
                    ) : null}
                  </td>
                  {indicators.map((indicator, columnIndex) =>
                    cell(row, rowIndex, indicator, columnIndex),
                  )}
                  <td style={bodyStyle}>{moves(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
      )}
      <Confirm
        isOpen={confirmSubmit !== null}
        title="empact.figures.submit_title"
        content="empact.figures.submit_help"
        translateOptions={{ row: confirmSubmit ? rowName(confirmSubmit) : "" }}
        confirm="empact.figures.submit"
        onConfirm={() => {
          if (confirmSubmit?.contribution_id != null) {
            move.mutate({ id: confirmSubmit.contribution_id, move: "submit" as ReportMove });
          }
          setConfirmSubmit(null);
        }}
        onClose={() => setConfirmSubmit(null)}
      />
      {review ? (
        <ReviewDialog
          key={`${review.id}-${review.move}`}
          move={review.move}
          open
          pending={move.isPending}
          texts="empact.figures.moves"
          onClose={() => setReview(null)}
          onConfirm={(comment) => move.mutate({ id: review.id, move: review.move, comment })}
        />
      ) : null}
    </Box>
  );
};

const headStyle = {
  position: "sticky" as const,
  top: 0,
  zIndex: 1,
  background: "#fff",
  borderBottom: "2px solid #e0e0e0",
  padding: "6px 8px",
  textAlign: "left" as const,
  verticalAlign: "bottom" as const,
  fontWeight: 600,
};

const bodyStyle = { padding: "6px 8px", verticalAlign: "top" as const };

// The row's names stay in view while the figures scroll sideways.
const stickyStyle = {
  position: "sticky" as const,
  left: 0,
  minWidth: 220,
  maxWidth: 280,
  borderRight: "1px solid #e0e0e0",
  zIndex: 1,
};

export type { FigureGrid };
