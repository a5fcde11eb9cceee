// Step 3: apply the plan (once every conflict has a choice), then what was written, the way
// to the uploads list, and "Revert" after a confirmation.
import CheckIcon from "@mui/icons-material/Check";
import UndoIcon from "@mui/icons-material/Undo";
import { Alert, AlertTitle, Box, Button, CircularProgress, Stack, Typography } from "@mui/material";
import { useEffect, useId, useRef, useState } from "react";
import { Confirm, Link, useTranslate } from "react-admin";

import type { UploadDetail } from "../types";
import { useFormatLocale } from "./format";

export interface ApplyStepProps {
  upload: UploadDetail;
  /** Conflicts still without a choice. */
  unchosen: number;
  onApply: () => void;
  applying: boolean;
  onRevert: () => void;
  reverting: boolean;
  /** The server's reason for refusing the last apply or revert. */
  error: string | null;
  onAnother: () => void;
}

export const ApplyStep = ({
  upload,
  unchosen,
  onApply,
  applying,
  onRevert,
  reverting,
  error,
  onAnother,
}: ApplyStepProps) => {
  const translate = useTranslate();
  const locale = useFormatLocale();
  const number = new Intl.NumberFormat(locale);
  const reasonId = useId();
  const [confirming, setConfirming] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);
  const written = upload.cells.filter((cell) => cell.written).length;
  const writes = upload.counts.new + upload.counts.changed + upload.counts.conflict;

  // The message that says what happened takes the focus once it is there.
  const status = upload.status;
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current !== status && (status === "applied" || status === "reverted")) {
      outcome.current?.focus();
    }
    previous.current = status;
  }, [status]);

  const errorAlert = error ? (
    <Alert severity="error" role="alert">
      <AlertTitle>{translate("empact.upload_wizard.refused_apply")}</AlertTitle>
      {error}
    </Alert>
  ) : null;

  if (status === "applied" || status === "reverted") {
    const applied = status === "applied";
    return (
      <Stack spacing={2}>
        <Alert
          ref={outcome}
          tabIndex={-1}
          severity={applied ? "success" : "info"}
          role="status"
          sx={{ "&:focus-visible": { outline: "3px solid", outlineColor: "secondary.main" } }}
        >
          {translate(applied ? "empact.upload_wizard.applied" : "empact.upload_wizard.reverted", {
            smart_count: written,
            count: number.format(written),
          })}
        </Alert>
        {errorAlert}
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
          <Link to="/uploads">{translate("empact.upload_wizard.to_list")}</Link>
          {applied ? (
            <Button
              variant="outlined"
              color="warning"
              startIcon={reverting ? <CircularProgress size={18} color="inherit" aria-hidden /> : <UndoIcon />}
              onClick={() => setConfirming(true)}
              disabled={reverting}
            >
              {translate("empact.upload_wizard.revert")}
            </Button>
          ) : null}
          <Button variant="text" onClick={onAnother}>
            {translate("empact.upload_wizard.another")}
          </Button>
        </Stack>
        <Confirm
          isOpen={confirming}
          loading={reverting}
          title="empact.upload_wizard.revert_title"
          content="empact.upload_wizard.revert_content"
          contentTranslateOptions={{ smart_count: written, count: number.format(written) }}
          confirm="empact.upload_wizard.revert"
          confirmColor="warning"
          onConfirm={() => {
            setConfirming(false);
            onRevert();
          }}
          onClose={() => setConfirming(false)}
        />
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      <Typography>
        {writes === 0
          ? translate("empact.upload_wizard.nothing_to_write")
          : translate("empact.upload_wizard.will_write", {
              smart_count: writes,
              count: number.format(writes),
            })}
      </Typography>
      {errorAlert}
      <Box sx={{ display: "flex", alignItems: "center", gap: 2, flexWrap: "wrap" }}>
        <Button
          variant="contained"
          onClick={onApply}
          disabled={unchosen > 0 || applying}
          aria-describedby={unchosen > 0 ? reasonId : undefined}
          startIcon={applying ? <CircularProgress size={18} color="inherit" aria-hidden /> : <CheckIcon />}
        >
          {translate("empact.upload_wizard.apply")}
        </Button>
        {unchosen > 0 ? (
          <Typography id={reasonId} color="warning.main">
            {translate("empact.upload_wizard.choose_first", {
              smart_count: unchosen,
              count: number.format(unchosen),
            })}
          </Typography>
        ) : null}
        {applying ? (
          <Typography role="status">{translate("empact.upload_wizard.applying")}</Typography>
        ) : null}
      </Box>
    </Stack>
  );
};
