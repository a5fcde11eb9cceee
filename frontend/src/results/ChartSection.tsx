// A chart with its title, and below it the same figures as a table with a caption, so that
// they can be read (and by a screen reader) without the chart, which is an image of them.
import { Box, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { type ReactNode, useId } from "react";
import { useTranslate } from "react-admin";

/** Hidden on screen, read by screen readers. */
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

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Figures are right-aligned. */
  numeric?: boolean;
}

/** "–" on screen, "no figure" to a screen reader. */
export const NoFigure = () => {
  const translate = useTranslate();
  return (
    <>
      <span aria-hidden>–</span>
      <Box component="span" sx={visuallyHidden}>
        {translate("empact.results.no_figure")}
      </Box>
    </>
  );
};

export const FiguresTable = <T,>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
}) => (
  <Box sx={{ overflowX: "auto" }}>
    <Table
      size="small"
      sx={{
        "& caption": {
          captionSide: "top",
          textAlign: "left",
          px: 0,
          pt: 0,
          color: "text.primary",
          fontWeight: 600,
        },
      }}
    >
      <caption>{caption}</caption>
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableCell key={column.header} component="th" scope="col" align={column.numeric ? "right" : "left"}>
              {column.header}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={rowKey(row)}>
            {columns.map((column, index) =>
              index === 0 ? (
                <TableCell key={column.header} component="th" scope="row">
                  {column.cell(row)}
                </TableCell>
              ) : (
                <TableCell key={column.header} align={column.numeric ? "right" : "left"} sx={{ fontVariantNumeric: "tabular-nums" }}>
                  {column.cell(row)}
                </TableCell>
              ),
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Box>
);

export const ChartSection = ({
  title,
  chart,
  table,
  empty,
}: {
  title: string;
  chart: ReactNode;
  table: ReactNode;
  /** Said instead of the chart and table when there is nothing to draw. */
  empty?: string;
}) => {
  const translate = useTranslate();
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id={headingId} gutterBottom>
        {title}
      </Typography>
      {empty ? (
        <Typography>{empty}</Typography>
      ) : (
        <>
          <Box role="img" aria-label={translate("empact.results.chart_alt", { title })} sx={{ width: "100%", mb: 2 }}>
            {chart}
          </Box>
          {table}
        </>
      )}
    </Paper>
  );
};
