// The upload wizard (/upload, then /upload/<id> once the file is planned): choose or drop a
// country workbook, check the plan the server makes of it, apply it, revert it if need be.
// The plan is the server's: the page only shows it and sends back the conflict choices.
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Step,
  StepLabel,
  Stepper,
  Typography,
} from "@mui/material";
import DownloadIcon from "@mui/icons-material/Download";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, type Ref, type RefObject, useEffect, useId, useRef, useState } from "react";
import { Loading, Title, useDataProvider, useNotify, useTranslate } from "react-admin";
import { useNavigate, useParams } from "react-router-dom";

import type { EmpactDataProvider } from "../providers/dataProvider";
import type { UploadChoices, UploadDetail } from "../types";
import { ApplyStep } from "./ApplyStep";
import { ChangesTable } from "./ChangesTable";
import { ConflictChoices } from "./ConflictChoices";
import { FileStep } from "./FileStep";
import { PlanSummary } from "./PlanSummary";
import { ProblemsTable } from "./ProblemsTable";
import { usePlanNames } from "./usePlanNames";

const planKey = (id: number | undefined) => ["uploads", "plan", id];

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** The records the apply and revert change: their lists and pages show the new figures. */
const CHANGED_RESOURCES = ["uploads", "indicator-values", "contributions", "action-reports"];

const STEPS = ["choose", "check", "apply"] as const;

const Section = ({
  heading,
  headingRef,
  children,
}: {
  heading: string;
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) => {
  const id = useId();
  return (
    <Card component="section" aria-labelledby={id} variant="outlined">
      <CardContent>
        <Typography
          variant="h6"
          component="h2"
          id={id}
          ref={headingRef}
          tabIndex={-1}
          gutterBottom
          sx={{ "&:focus": { outline: "none" } }}
        >
          {heading}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
};

const SubHeading = ({ id, children }: { id?: string; children: ReactNode }) => (
  <Typography variant="subtitle1" component="h3" id={id} sx={{ fontWeight: 600, mt: 3, mb: 1 }}>
    {children}
  </Typography>
);

/** The error workbook: the uploaded file with its bad cells marked. */
const ErrorWorkbookButton = ({ upload }: { upload: UploadDetail }) => {
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="contained"
      color="error"
      startIcon={<DownloadIcon />}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        dataProvider
          .download(`/uploads/${upload.id}/error-workbook`)
          .catch((error: unknown) => notify(messageOf(error), { type: "error" }))
          .finally(() => setBusy(false));
      }}
    >
      {translate("empact.upload_wizard.download_errors")}
    </Button>
  );
};

/** Steps 2 and 3 for one upload: the plan, the conflict choices, apply and revert. */
const PlanSteps = ({
  upload,
  choices,
  onChoices,
  focusPlanRef,
  onAnother,
}: {
  upload: UploadDetail;
  choices: UploadChoices;
  onChoices: (choices: UploadChoices) => void;
  focusPlanRef: RefObject<boolean>;
  onAnother: () => void;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const queryClient = useQueryClient();
  const problemsId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [error, setError] = useState<string | null>(null);
  const names = usePlanNames(upload.reporting_cycle_id, upload.cells, upload.problems);

  useEffect(() => {
    if (focusPlanRef.current) {
      focusPlanRef.current = false;
      heading.current?.focus();
    }
  }, [focusPlanRef]);

  const settle = (detail: UploadDetail) => {
    setError(null);
    queryClient.setQueryData(planKey(detail.id), detail);
    for (const resource of CHANGED_RESOURCES) {
      void queryClient.invalidateQueries({
        queryKey: [resource],
        predicate: (query) => query.queryKey[1] !== "plan",
      });
    }
  };
  const apply = useMutation({
    mutationFn: () => dataProvider.applyUpload(upload.id, choices),
    onSuccess: settle,
    onError: (failure) => setError(messageOf(failure)),
  });
  const revert = useMutation({
    mutationFn: () => dataProvider.revertUpload(upload.id),
    onSuccess: settle,
    onError: (failure) => setError(messageOf(failure)),
  });

  const conflicts = upload.cells.filter((cell) => cell.outcome === "conflict");
  const unchosen = conflicts.filter((cell) => !choices[cell.cell]).length;
  const errors = upload.problems.filter((problem) => problem.severity === "error");
  const planned = upload.status === "planned";

  return (
    <>
      <Section heading={translate("empact.upload_wizard.steps.check")} headingRef={heading}>
        <PlanSummary upload={upload} cycleCode={names.cycleCode} />
        {upload.status === "rejected" ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            <Typography sx={{ mb: 1.5 }}>
              {translate("empact.upload_wizard.rejected", {
                smart_count: upload.counts.rejected ?? errors.length,
              })}
            </Typography>
            <Box sx={{ display: "flex", gap: 2, flexWrap: "wrap" }}>
              <ErrorWorkbookButton upload={upload} />
              <Button variant="outlined" color="inherit" onClick={onAnother}>
                {translate("empact.upload_wizard.another")}
              </Button>
            </Box>
          </Alert>
        ) : null}
        {errors.length > 0 ? (
          <>
            <SubHeading id={problemsId}>{translate("empact.upload_wizard.problems")}</SubHeading>
            <ProblemsTable problems={errors} names={names} labelledBy={problemsId} />
          </>
        ) : null}
        {planned && conflicts.length > 0 ? (
          <>
            <SubHeading>
              {translate("empact.upload_wizard.conflicts.title", {
                smart_count: conflicts.length,
              })}
            </SubHeading>
            <ConflictChoices
              conflicts={conflicts}
              names={names}
              choices={choices}
              onChoices={onChoices}
            />
          </>
        ) : null}
        <SubHeading>{translate("empact.upload_wizard.changes.title")}</SubHeading>
        {upload.cells.length === 0 ? (
          <Typography>{translate("empact.upload_wizard.changes.none")}</Typography>
        ) : (
          <ChangesTable
            cells={upload.cells}
            names={names}
            showWritten={upload.status === "applied"}
          />
        )}
      </Section>
      {upload.status !== "rejected" ? (
        <Section heading={translate("empact.upload_wizard.steps.apply")}>
          <ApplyStep
            upload={upload}
            unchosen={unchosen}
            onApply={() => apply.mutate()}
            applying={apply.isPending}
            onRevert={() => revert.mutate()}
            reverting={revert.isPending}
            error={error}
            onAnother={onAnother}
          />
        </Section>
      ) : null}
    </>
  );
};

/** Where the stepper stands: 0 choose, 1 check (conflicts to settle, or rejected), 2 apply,
 * 3 all done. */
const progressOf = (upload: UploadDetail | undefined, unchosen: number): number => {
  if (!upload) {
    return 0;
  }
  if (upload.status === "applied" || upload.status === "reverted") {
    return 3;
  }
  if (upload.status === "rejected" || unchosen > 0) {
    return 1;
  }
  return 2;
};

export const UploadWizard = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { id } = useParams();
  const uploadId = id && /^\d+$/.test(id) ? Number(id) : undefined;
  const [file, setFile] = useState<File | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const focusPlanRef = useRef(false);
  // The conflict choices of the upload on screen; another upload starts with none.
  const [choices, setChoices] = useState<{ uploadId?: number; choices: UploadChoices }>({
    choices: {},
  });
  const chosen = choices.uploadId === uploadId ? choices.choices : {};

  const plan = useQuery({
    queryKey: planKey(uploadId),
    queryFn: () => dataProvider.uploadPlan(uploadId as number),
    enabled: uploadId !== undefined,
  });
  const upload = useMutation({
    mutationFn: (chosen: File) => dataProvider.uploadWorkbook(chosen),
    onSuccess: (detail) => {
      setRefusal(null);
      queryClient.setQueryData(planKey(detail.id), detail);
      void queryClient.invalidateQueries({
        queryKey: ["uploads"],
        predicate: (query) => query.queryKey[1] !== "plan",
      });
      focusPlanRef.current = true;
      navigate(`/upload/${detail.id}`);
    },
    onError: (error) => setRefusal(messageOf(error)),
  });

  const another = () => {
    setFile(null);
    setRefusal(null);
    navigate("/upload");
  };

  const current = uploadId !== undefined ? plan.data : undefined;
  const conflicts = current?.cells.filter((cell) => cell.outcome === "conflict") ?? [];
  const activeStep = progressOf(
    current,
    conflicts.filter((cell) => !chosen[cell.cell]).length,
  );

  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, display: "flex", flexDirection: "column", gap: 2 }}>
      <Title title={translate("empact.upload_wizard.title")} />
      <Typography variant="h5" component="h1">
        {translate("empact.upload_wizard.title")}
      </Typography>
      <Stepper
        activeStep={activeStep}
        alternativeLabel
        component="ol"
        aria-label={translate("empact.upload_wizard.progress")}
        sx={{ listStyle: "none", p: 0, m: 0 }}
      >
        {STEPS.map((step, index) => (
          <Step
            key={step}
            component="li"
            completed={index < activeStep}
            aria-current={index === activeStep ? "step" : undefined}
          >
            <StepLabel
              error={index === 1 && current?.status === "rejected"}
              optional={
                index === 1 && current?.status === "rejected" ? (
                  <Typography variant="caption" color="error">
                    {translate("empact.enums.upload_status.rejected")}
                  </Typography>
                ) : undefined
              }
            >
              {translate(`empact.upload_wizard.steps.${step}`)}
            </StepLabel>
          </Step>
        ))}
      </Stepper>
      <Section heading={translate("empact.upload_wizard.steps.choose")}>
        {uploadId === undefined ? (
          <FileStep
            file={file}
            onFile={(chosen) => {
              setFile(chosen);
              setRefusal(null);
            }}
            onUpload={() => file && upload.mutate(file)}
            uploading={upload.isPending}
            refusal={refusal}
          />
        ) : (
          <Box sx={{ display: "flex", gap: 2, alignItems: "center", flexWrap: "wrap" }}>
            <Typography>
              {current
                ? translate("empact.upload_wizard.chosen", { name: current.filename })
                : translate("ra.page.loading")}
            </Typography>
            <Button variant="outlined" onClick={another}>
              {translate("empact.upload_wizard.another")}
            </Button>
          </Box>
        )}
      </Section>
      {uploadId !== undefined ? (
        plan.isPending ? (
          <Loading />
        ) : plan.error ? (
          <Alert severity="error" role="alert">
            {messageOf(plan.error)}
          </Alert>
        ) : (
          <PlanSteps
            key={plan.data.id}
            upload={plan.data}
            choices={chosen}
            onChoices={(next) => setChoices({ uploadId: plan.data.id, choices: next })}
            focusPlanRef={focusPlanRef}
            onAnother={another}
          />
        )
      ) : null}
    </Box>
  );
};
