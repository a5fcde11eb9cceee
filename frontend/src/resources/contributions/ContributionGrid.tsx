// A contribution's figures, in the grid of its action: the rows of the action that the reader
// may see (a coordinator sees its country's), its own writable until it is handed in, with
// Submit, and Return and Accept for its reviewers.
import { Box, Typography } from "@mui/material";
import { useGetOne, useRecordContext, useRefresh, useTranslate } from "react-admin";

import { FigureGridTable } from "../../figures/FigureGridTable";

export const ContributionGrid = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const refresh = useRefresh();
  const { data: participation } = useGetOne(
    "participations",
    { id: record?.participation_id },
    { enabled: record?.participation_id != null },
  );
  if (!record || !participation) {
    return null;
  }
  return (
    <Box sx={{ p: 2 }}>
      <FigureGridTable
        cycleId={record.reporting_cycle_id}
        filters={{ action: participation.action_id }}
        onChanged={refresh}
        heading={
          <Typography variant="h6">{translate("empact.figures.contribution_title")}</Typography>
        }
      />
    </Box>
  );
};
