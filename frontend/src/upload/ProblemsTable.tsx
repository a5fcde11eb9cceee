// The cell problems that reject a plan, where each is: sheet, row, column, field, message.
import { Table, TableBody, TableCell, TableHead, TableRow } from "@mui/material";
import { useTranslate } from "react-admin";

import type { UploadProblem } from "../types";
import { useFieldName } from "./CellParts";
import type { PlanNames } from "./usePlanNames";

export const ProblemsTable = ({
  problems,
  names,
  labelledBy,
}: {
  problems: readonly UploadProblem[];
  names: PlanNames;
  labelledBy: string;
}) => {
  const translate = useTranslate();
  const fieldName = useFieldName(names);
  const header = (key: string) => (
    <TableCell component="th" scope="col">
      {translate(`empact.upload_wizard.problem.${key}`)}
    </TableCell>
  );
  return (
    <Table size="small" aria-labelledby={labelledBy}>
      <TableHead>
        <TableRow>
          {header("sheet")}
          {header("row")}
          {header("column")}
          {header("field")}
          {header("message")}
        </TableRow>
      </TableHead>
      <TableBody>
        {problems.map((problem, index) => (
          <TableRow key={index}>
            <TableCell>{problem.sheet}</TableCell>
            <TableCell>{problem.row ?? "–"}</TableCell>
            <TableCell>{problem.column ?? "–"}</TableCell>
            <TableCell>{fieldName(problem.field) || "–"}</TableCell>
            <TableCell>{problem.message}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
