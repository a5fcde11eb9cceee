// Every cell the plan would write, ask about or reject, side by side: which row and field,
// the stored value, the value in the file, the outcome (and, once applied, whether written).
import ArrowForwardIcon from "@mui/icons-material/ArrowForward";
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
} from "@mui/material";
import { useState } from "react";
import { useTranslate } from "react-admin";

import type { UploadCell } from "../types";
import { CellValue, OutcomeChip, RowName, useFieldName } from "./CellParts";
import type { PlanNames } from "./usePlanNames";

const PAGE_SIZES = [25, 50, 100];

export const ChangesTable = ({
  cells,
  names,
  showWritten,
}: {
  cells: readonly UploadCell[];
  names: PlanNames;
  showWritten: boolean;
}) => {
  const translate = useTranslate();
  const fieldName = useFieldName(names);
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(PAGE_SIZES[0]);
  const shown = cells.slice(page * perPage, (page + 1) * perPage);
  const header = (key: string) => (
    <TableCell component="th" scope="col">
      {translate(`empact.upload_wizard.changes.${key}`)}
    </TableCell>
  );
  return (
    <Box>
      <TableContainer>
        <Table
          size="small"
          aria-label={translate("empact.upload_wizard.changes.label")}
          sx={{ "& td": { verticalAlign: "top" } }}
        >
          <TableHead>
            <TableRow>
              {header("cell")}
              {header("row")}
              {header("field")}
              {header("stored")}
              {header("proposed")}
              {header("outcome")}
              {showWritten ? header("written") : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((cell) => (
              <TableRow key={cell.id}>
                <TableCell sx={{ whiteSpace: "nowrap" }}>{cell.cell}</TableCell>
                <TableCell>
                  <RowName names={names} participationId={cell.participation_id} />
                </TableCell>
                <TableCell>{fieldName(cell.field)}</TableCell>
                <TableCell sx={{ maxWidth: 360 }}>
                  <CellValue field={cell.field} value={cell.stored} />
                </TableCell>
                <TableCell sx={{ maxWidth: 360 }}>
                  <Box sx={{ display: "flex", gap: 1, alignItems: "flex-start" }}>
                    <ArrowForwardIcon fontSize="small" color="action" aria-hidden sx={{ mt: 0.25 }} />
                    <Box sx={{ minWidth: 0 }}>
                      <CellValue field={cell.field} value={cell.proposed} />
                      {cell.message ? (
                        <Box sx={{ color: "error.main", fontSize: "0.875rem" }}>{cell.message}</Box>
                      ) : null}
                    </Box>
                  </Box>
                </TableCell>
                <TableCell>
                  <OutcomeChip outcome={cell.outcome} />
                </TableCell>
                {showWritten ? (
                  <TableCell>
                    {translate(cell.written ? "empact.enums.boolean.true" : "empact.enums.boolean.false")}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {cells.length > PAGE_SIZES[0] ? (
        <TablePagination
          component="div"
          count={cells.length}
          page={page}
          rowsPerPage={perPage}
          rowsPerPageOptions={PAGE_SIZES}
          onPageChange={(_event, next) => setPage(next)}
          onRowsPerPageChange={(event) => {
            setPerPage(Number(event.target.value));
            setPage(0);
          }}
          labelRowsPerPage={translate("ra.navigation.page_rows_per_page")}
          labelDisplayedRows={({ from, to, count }) =>
            translate("ra.navigation.page_range_info", { offsetBegin: from, offsetEnd: to, total: count })
          }
          getItemAriaLabel={(type) => translate(`ra.navigation.${type}`)}
        />
      ) : null}
    </Box>
  );
};
