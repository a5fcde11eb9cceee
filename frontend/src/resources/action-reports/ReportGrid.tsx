// The report's figures: every participant's row of the action in the report's cycle, the
// reader's own first and writable, the others as their organisations reported them.
import { Box, Typography } from "@mui/material";
import { useRecordContext, useRefresh, useTranslate } from "react-admin";

import { FigureGridTable } from "../../figures/FigureGridTable";

export const ReportGrid = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const refresh = useRefresh();
  if (!record) {
    return null;
  }
  return (
    <Box sx={{ p: 2 }}>
      <FigureGridTable
        cycleId={record.reporting_cycle_id}
        filters={{ action: record.action_id }}
        onChanged={refresh}
        heading={<Typography variant="h6">{translate("empact.figures.report_title")}</Typography>}
      />
    </Box>
  );
};
