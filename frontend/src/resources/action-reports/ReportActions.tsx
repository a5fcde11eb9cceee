// Moving an action report on: the leader submits it; the driver or Europol returns it (with a
// comment, required) or accepts it (a comment is optional). The buttons show by role and
// state only; the server decides every move and its refusal (403, 409) is shown as it says.
import AcceptIcon from "@mui/icons-material/CheckCircle";
import ReturnIcon from "@mui/icons-material/Undo";
import SubmitIcon from "@mui/icons-material/Send";
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import {
  Confirm,
  type Identifier,
  type RaRecord,
  SaveButton,
  Toolbar,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRedirect,
  useRefresh,
  useTranslate,
} from "react-admin";
import { useFormState } from "react-hook-form";

import { answered } from "../../components/answered";
import { useContributionsNotIn } from "../../figures/useNotIn";
import { can } from "../../providers/authProvider";
import type { EmpactDataProvider } from "../../providers/dataProvider";
import type { ReportMove, ReportState, Role } from "../../types";

/** The states a leader may submit from. */
export const SUBMITTABLE: readonly ReportState[] = ["not_started", "draft", "returned"];
const LEADERS: readonly Role[] = ["leader"];
const REVIEWERS: readonly Role[] = ["driver", "europol"];

const DONE: Record<ReportMove, string> = {
  submit: "empact.report_moves.submitted",
  return: "empact.report_moves.returned",
  accept: "empact.report_moves.accepted",
};

const CONTRIBUTION_DONE: Record<ReportMove, string> = {
  submit: "empact.figures.moves.submitted",
  return: "empact.figures.moves.returned",
  accept: "empact.figures.moves.accepted",
};

/** The server's message (the data provider puts the backend's `detail` there). */
export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

interface MoveVariables {
  id: Identifier;
  move: ReportMove;
  comment?: string;
}

const statusOf = (error: unknown): number | undefined =>
  error && typeof error === "object" && "status" in error
    ? (error as { status?: number }).status
    : undefined;

/** Submit, return or accept a report (or a contribution); says how it went, then calls
 * `onDone` on success, and also on a 409 (someone moved it meanwhile: what is shown is out of
 * date). */
export const useReportMove = (
  onDone?: (move: ReportMove) => void,
  resource: "action-reports" | "contributions" = "action-reports",
) => {
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const notify = useNotify();
  const mutation = useMutation({
    mutationFn: async ({ id, move, comment }: MoveVariables) =>
      answered(
        await (resource === "contributions"
          ? dataProvider.contributionMove(id, move, comment)
          : dataProvider.reportMove(id, move, comment)),
        "state",
      ),
    onSuccess: (report, { move }) => {
      if (!report) {
        return;
      }
      notify((resource === "contributions" ? CONTRIBUTION_DONE : DONE)[move], {
        type: "success",
      });
      onDone?.(move);
    },
    onError: (error, { move }) => {
      const message = errorMessage(error);
      notify(message, { type: "error", messageArgs: { _: message } });
      if (statusOf(error) === 409) {
        onDone?.(move);
      }
    },
  });
  return mutation;
};

/** The return (comment required) or accept (comment optional) dialog. */
export const ReviewDialog = ({
  move,
  open,
  pending,
  onClose,
  onConfirm,
  texts = "empact.report_moves",
}: {
  move: "return" | "accept";
  open: boolean;
  pending: boolean;
  onClose: () => void;
  onConfirm: (comment: string) => void;
  /** Where the dialog's title and help are in the translations. */
  texts?: string;
}) => {
  const translate = useTranslate();
  const titleId = useId();
  const helpId = useId();
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const required = move === "return";
  const close = () => {
    setComment("");
    setMissing(false);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (required && comment.trim() === "") {
      setMissing(true);
      return;
    }
    onConfirm(comment.trim());
  };
  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : close}
      aria-labelledby={titleId}
      aria-describedby={helpId}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{translate(`${texts}.${move}_title`)}</DialogTitle>
        <DialogContent>
          <DialogContentText id={helpId} sx={{ mb: 2 }}>
            {translate(`${texts}.${move}_help`)}
          </DialogContentText>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={3}
            required={required}
            label={translate("empact.report_moves.comment")}
            value={comment}
            onChange={(event) => {
              setComment(event.target.value);
              setMissing(false);
            }}
            error={missing}
            helperText={missing ? translate("empact.report_moves.comment_required") : " "}
            slotProps={{ htmlInput: { maxLength: 5000 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={pending}>
            {translate("ra.action.cancel")}
          </Button>
          <Button
            type="submit"
            variant="contained"
            color={move === "return" ? "warning" : "success"}
            disabled={pending}
          >
            {translate(`empact.report_moves.${move}`)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

export interface ReportMoveButtonsProps {
  reportId: Identifier;
  state: ReportState;
  /** Which moves to offer at most (all by default); each still needs its role and state. */
  moves?: readonly ReportMove[];
  onDone?: (move: ReportMove) => void;
  /** Why Submit is not possible now (e.g. unsaved changes), shown beside it. */
  submitBlocked?: string;
  /** The action's contributions not in yet, named, to warn of before submitting. */
  notIn?: string[];
  size?: "small" | "medium";
}

/** Submit (the leader), Return and Accept (the driver or Europol), as the report's state allows. */
export const ReportMoveButtons = ({
  reportId,
  state,
  moves = ["submit", "return", "accept"],
  onDone,
  submitBlocked,
  notIn = [],
  size = "medium",
}: ReportMoveButtonsProps) => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const [dialog, setDialog] = useState<"return" | "accept" | null>(null);
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const mutation = useReportMove((move) => {
    setDialog(null);
    onDone?.(move);
  });
  const pending = mutation.isPending;
  const maySubmit =
    moves.includes("submit") && can(permissions, LEADERS) && SUBMITTABLE.includes(state);
  const reviewable = state === "submitted" && can(permissions, REVIEWERS);
  const mayReturn = moves.includes("return") && reviewable;
  const mayAccept = moves.includes("accept") && reviewable;
  if (!maySubmit && !mayReturn && !mayAccept) {
    return null;
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
      {maySubmit ? (
        <>
          <Button
            variant="contained"
            size={size}
            startIcon={<SubmitIcon />}
            disabled={pending || Boolean(submitBlocked)}
            onClick={() => setConfirmSubmit(true)}
          >
            {translate("empact.report_moves.submit")}
          </Button>
          <Confirm
            isOpen={confirmSubmit}
            title="empact.report_moves.submit_title"
            content={
              <>
                <DialogContentText>{translate("empact.report_moves.submit_help")}</DialogContentText>
                {notIn.length > 0 ? (
                  <Alert severity="warning" sx={{ mt: 2 }}>
                    {translate("empact.report_moves.not_in", { smart_count: notIn.length })}
                    <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
                      {notIn.map((name) => (
                        <li key={name}>{name}</li>
                      ))}
                    </ul>
                  </Alert>
                ) : null}
              </>
            }
            confirm="empact.report_moves.submit"
            onConfirm={() => {
              setConfirmSubmit(false);
              mutation.mutate({ id: reportId, move: "submit" });
            }}
            onClose={() => setConfirmSubmit(false)}
          />
          {submitBlocked ? (
            <Typography variant="body2" color="text.secondary">
              {submitBlocked}
            </Typography>
          ) : null}
        </>
      ) : null}
      {mayAccept ? (
        <Button
          variant="contained"
          color="success"
          size={size}
          startIcon={<AcceptIcon />}
          disabled={pending}
          onClick={() => setDialog("accept")}
        >
          {translate("empact.report_moves.accept")}
        </Button>
      ) : null}
      {mayReturn ? (
        <Button
          variant="outlined"
          color="warning"
          size={size}
          startIcon={<ReturnIcon />}
          disabled={pending}
          onClick={() => setDialog("return")}
        >
          {translate("empact.report_moves.return")}
        </Button>
      ) : null}
      {dialog ? (
        <ReviewDialog
          key={dialog}
          move={dialog}
          open
          pending={pending}
          onClose={() => setDialog(null)}
          onConfirm={(comment) => mutation.mutate({ id: reportId, move: dialog, comment })}
        />
      ) : null}
    </Stack>
  );
};

const ShowMoves = ({ record, onDone }: { record: RaRecord; onDone: () => void }) => {
  const notIn = useContributionsNotIn(record.reporting_cycle_id, record.action_id);
  return (
    <ReportMoveButtons reportId={record.id} state={record.state} notIn={notIn} onDone={onDone} />
  );
};

/** The moves on a report's show page; the page reloads the record after each. */
export const ReportActions = () => {
  const record = useRecordContext();
  const refresh = useRefresh();
  if (!record) {
    return null;
  }
  return <ShowMoves record={record} onDone={refresh} />;
};

/** The edit form's toolbar: Save, and Submit once the changes are saved; after a move the
 * report is no longer the leader's to edit, so the show page opens. */
export const ReportEditToolbar = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const redirect = useRedirect();
  const refresh = useRefresh();
  const { isDirty } = useFormState();
  const notIn = useContributionsNotIn(record?.reporting_cycle_id, record?.action_id);
  return (
    <Toolbar sx={{ display: "flex", gap: 2, flexWrap: "wrap" }}>
      <SaveButton />
      {record ? (
        <ReportMoveButtons
          reportId={record.id}
          state={record.state}
          submitBlocked={isDirty ? translate("empact.report_moves.save_first") : undefined}
          notIn={notIn}
          onDone={() => {
            redirect("show", "action-reports", record.id);
            refresh();
          }}
        />
      ) : null}
    </Toolbar>
  );
};
