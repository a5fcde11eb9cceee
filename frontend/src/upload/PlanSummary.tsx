// Step 2's head: what was uploaded, the counts of the plan as figures, and its warnings.
import { Alert, AlertTitle, Box, Chip, Stack, Typography } from "@mui/material";
import { useTranslate } from "react-admin";

import { enumColour, enumLabel } from "../enums";
import type { UploadDetail } from "../types";
import { useFormatLocale } from "./format";

const COUNTS = ["new", "changed", "unchanged", "conflict", "rejected"] as const;

const COLOURS: Record<(typeof COUNTS)[number], string> = {
  new: "info.main",
  changed: "primary.main",
  unchanged: "text.secondary",
  conflict: "warning.main",
  rejected: "error.main",
};

export const PlanSummary = ({ upload, cycleCode }: { upload: UploadDetail; cycleCode?: string }) => {
  const translate = useTranslate();
  const locale = useFormatLocale();
  const number = new Intl.NumberFormat(locale);
  const uploadedAt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const warnings = upload.problems.filter((problem) => problem.severity === "warning");
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
        <Typography>
          {translate("empact.upload_wizard.uploaded", {
            name: upload.filename,
            country: upload.country,
            cycle: cycleCode ?? "…",
            when: uploadedAt.format(new Date(upload.created_at)),
          })}
        </Typography>
        {/* Once applied or reverted, step 3 says so in words. */}
        {upload.status === "planned" || upload.status === "rejected" ? (
          <Chip
            size="small"
            color={enumColour("upload_status", upload.status)}
            label={translate(enumLabel("upload_status", upload.status))}
          />
        ) : null}
      </Stack>
      <Box
        component="section"
        aria-label={translate("empact.upload_wizard.summary")}
        sx={{ display: "flex", flexWrap: "wrap", gap: 2 }}
      >
        <Box component="dl" sx={{ display: "flex", flexWrap: "wrap", gap: 2, m: 0 }}>
          {COUNTS.map((outcome) => (
            <Box
              key={outcome}
              sx={{
                display: "flex",
                flexDirection: "column-reverse",
                minWidth: 120,
                px: 2,
                py: 1,
                border: 1,
                borderColor: "divider",
                borderTop: 4,
                borderTopColor: COLOURS[outcome],
                borderRadius: 1,
                bgcolor: "background.paper",
              }}
            >
              <Typography component="dt" variant="body2" color="text.secondary">
                {translate(`empact.upload_wizard.counts.${outcome}`)}
              </Typography>
              <Typography component="dd" variant="h4" sx={{ m: 0, fontWeight: 600 }}>
                {number.format(upload.counts[outcome] ?? 0)}
              </Typography>
            </Box>
          ))}
        </Box>
      </Box>
      {warnings.map((warning, index) => (
        <Alert key={index} severity="warning">
          <AlertTitle>{translate("empact.upload_wizard.warning")}</AlertTitle>
          {warning.message}
        </Alert>
      ))}
    </Stack>
  );
};
