// The dashboard's lists: action reports (the leader's own, or those waiting for review) and
// contributions (a country's or an organisation's), owed first as the API sorts them, each row
// with its next step.
import { Button, Stack, Table, TableBody, TableCell, TableHead, TableRow } from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Confirm, useDataProvider, useNotify, useTranslate } from "react-admin";
import { Link as RouterLink } from "react-router-dom";

import { answered } from "../components/answered";
import { useFormatters } from "../components/format";
import type { EmpactDataProvider } from "../providers/dataProvider";
import { actionName } from "../references";
import { errorMessage, ReportMoveButtons } from "../resources/action-reports/ReportActions";
import type { ContributionItem, ReportItem, ReportState } from "../types";
import { StateChip, useFirstRows } from "./parts";

/** Handed in already: the row offers to read it rather than to write it. */
const DONE: readonly ReportState[] = ["submitted", "accepted"];
/** Written and not handed in: Submit is offered beside the link. */
const READY: readonly ReportState[] = ["draft", "returned"];

const HeaderCell = ({ children }: { children: ReactNode }) => (
  <TableCell component="th" scope="col">
    {children}
  </TableCell>
);

/** A link that looks like a button (it navigates, so it is a link for assistive technology). */
const LinkButton = ({ to, children, primary }: { to: string; children: ReactNode; primary?: boolean }) => (
  <Button component={RouterLink} to={to} size="small" variant={primary ? "contained" : "text"}>
    {children}
  </Button>
);

interface CommonProps {
  /** The cycle's code, when the user acts in more than one cycle. */
  cycleCode?: (cycleId: number) => string;
  onMoved: () => void;
  /** A closed cycle's: each row can be read, nothing more. */
  readOnly?: boolean;
}

/** The reports of the actions the user leads, or the submitted ones waiting for its review. */
export const ReportTable = ({
  items,
  review,
  cycleCode,
  onMoved,
  readOnly = false,
}: CommonProps & { items: readonly ReportItem[]; review: boolean }) => {
  const translate = useTranslate();
  const format = useFormatters();
  const { shown, toggle } = useFirstRows(items);
  return (
    <>
      <Table size="small">
        <TableHead>
          <TableRow>
            {cycleCode ? <HeaderCell>{translate("empact.mywork.columns.cycle")}</HeaderCell> : null}
            <HeaderCell>{translate("empact.mywork.columns.action")}</HeaderCell>
            <HeaderCell>{translate("empact.mywork.columns.title")}</HeaderCell>
            <HeaderCell>
              {translate(review ? "empact.mywork.columns.submitted_at" : "empact.mywork.columns.state")}
            </HeaderCell>
            <HeaderCell>{translate("empact.mywork.columns.next")}</HeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((item) => (
            <TableRow key={item.report_id}>
              {cycleCode ? <TableCell>{cycleCode(item.reporting_cycle_id)}</TableCell> : null}
              <TableCell component="th" scope="row" sx={{ whiteSpace: "nowrap" }}>
                {actionName({ code: item.action_code, plan_short_code: item.plan_short_code })}
              </TableCell>
              <TableCell>{item.action_title}</TableCell>
              <TableCell sx={{ whiteSpace: "nowrap" }}>
                {review ? (
                  format.dateTime(item.submitted_at)
                ) : (
                  <StateChip state={item.state} dueOn={item.due_on} />
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: "nowrap" }}>
                <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
                  {readOnly || review || DONE.includes(item.state) ? (
                    <LinkButton to={`/action-reports/${item.report_id}/show`}>
                      {translate("empact.mywork.led.read")}
                    </LinkButton>
                  ) : (
                    <LinkButton to={`/action-reports/${item.report_id}`} primary={!READY.includes(item.state)}>
                      {translate("empact.mywork.led.write")}
                    </LinkButton>
                  )}
                  <ReportMoveButtons
                    reportId={item.report_id}
                    state={item.state}
                    moves={
                      readOnly
                        ? []
                        : review
                          ? ["accept", "return"]
                          : READY.includes(item.state)
                            ? ["submit"]
                            : []
                    }
                    onDone={onMoved}
                    size="small"
                  />
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {toggle}
    </>
  );
};

const useSubmitContribution = (onDone: () => void) => {
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const notify = useNotify();
  return useMutation({
    mutationFn: async (id: number) => answered(await dataProvider.contributionSubmit(id), "id"),
    onSuccess: (contribution) => {
      if (!contribution) {
        return;
      }
      notify("empact.mywork.contribution.submitted", { type: "success" });
      onDone();
    },
    onError: (error) => {
      const message = errorMessage(error);
      notify(message, { type: "error", messageArgs: { _: message } });
    },
  });
};

/** A country's or an organisation's contributions, with Submit for the written ones. */
export const ContributionTable = ({
  items,
  showOrganisation,
  cycleCode,
  onMoved,
  readOnly = false,
}: CommonProps & { items: readonly ContributionItem[]; showOrganisation: boolean }) => {
  const translate = useTranslate();
  const { shown, toggle } = useFirstRows(items);
  const submit = useSubmitContribution(onMoved);
  const [confirming, setConfirming] = useState<number | null>(null);
  return (
    <>
      <Table size="small">
        <TableHead>
          <TableRow>
            {cycleCode ? <HeaderCell>{translate("empact.mywork.columns.cycle")}</HeaderCell> : null}
            <HeaderCell>{translate("empact.mywork.columns.action")}</HeaderCell>
            <HeaderCell>{translate("empact.mywork.columns.title")}</HeaderCell>
            {showOrganisation ? (
              <HeaderCell>{translate("empact.mywork.columns.organisation")}</HeaderCell>
            ) : null}
            <HeaderCell>{translate("empact.mywork.columns.state")}</HeaderCell>
            <HeaderCell>{translate("empact.mywork.columns.next")}</HeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((item) => (
            <TableRow key={item.contribution_id}>
              {cycleCode ? <TableCell>{cycleCode(item.reporting_cycle_id)}</TableCell> : null}
              <TableCell component="th" scope="row" sx={{ whiteSpace: "nowrap" }}>
                {actionName({ code: item.action_code, plan_short_code: item.plan_short_code })}
              </TableCell>
              <TableCell>{item.action_title}</TableCell>
              {showOrganisation ? <TableCell>{item.organisation_code}</TableCell> : null}
              <TableCell sx={{ whiteSpace: "nowrap" }}>
                <StateChip state={item.state} dueOn={item.due_on} />
              </TableCell>
              <TableCell sx={{ whiteSpace: "nowrap" }}>
                <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
                  {readOnly || DONE.includes(item.state) ? (
                    <LinkButton to={`/contributions/${item.contribution_id}/show`}>
                      {translate("empact.mywork.contribution.view")}
                    </LinkButton>
                  ) : (
                    <LinkButton to={`/contributions/${item.contribution_id}`}>
                      {translate("empact.mywork.contribution.fill")}
                    </LinkButton>
                  )}
                  {!readOnly && READY.includes(item.state) ? (
                    <Button
                      size="small"
                      variant="contained"
                      disabled={submit.isPending}
                      onClick={() => setConfirming(item.contribution_id)}
                    >
                      {translate("empact.report_moves.submit")}
                    </Button>
                  ) : null}
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {toggle}
      <Confirm
        isOpen={confirming !== null}
        title="empact.mywork.contribution.submit_title"
        content="empact.mywork.contribution.submit_help"
        confirm="empact.report_moves.submit"
        onConfirm={() => {
          if (confirming !== null) {
            submit.mutate(confirming);
          }
          setConfirming(null);
        }}
        onClose={() => setConfirming(null)}
      />
    </>
  );
};
