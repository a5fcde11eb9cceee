// A coordinator's country in one cycle: how its contributions stand, the country workbook to
// download (the usual channel), the way to upload it filled, and the contributions themselves.
import DownloadIcon from "@mui/icons-material/Download";
import UploadIcon from "@mui/icons-material/Upload";
import { Button, Stack, Typography } from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { useDataProvider, useNotify, useTranslate } from "react-admin";
import { Link as RouterLink } from "react-router-dom";

import { useFormatters } from "../components/format";
import type { EmpactDataProvider } from "../providers/dataProvider";
import { errorMessage } from "../resources/action-reports/ReportActions";
import type { CountryWork } from "../types";
import { CountChips, OwedSummary, Section } from "./parts";
import { ContributionTable } from "./WorkTables";

export const CountrySection = ({
  work,
  cycleCode,
  onMoved,
}: {
  work: CountryWork;
  cycleCode?: (cycleId: number) => string;
  onMoved: () => void;
}) => {
  const translate = useTranslate();
  const format = useFormatters();
  const notify = useNotify();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const country = format.country(work.country);
  const download = useMutation({
    mutationFn: () => dataProvider.download(work.country_workbook),
    onSuccess: (filename) => {
      // A string, unless the session had ended (then the sign-in page opens).
      if (typeof filename === "string") {
        notify("empact.mywork.country.downloaded", { type: "info", messageArgs: { filename } });
      }
    },
    onError: (error) => {
      const message = errorMessage(error);
      notify(message, { type: "error", messageArgs: { _: message } });
    },
  });
  const title = translate("empact.mywork.country.title", { country });
  return (
    <Section title={cycleCode ? `${title} · ${cycleCode(work.reporting_cycle_id)}` : title}>
      <OwedSummary
        owed={work.owed}
        total={work.counts.total}
        allIn="empact.mywork.country.all_in"
      />
      <CountChips counts={work.counts} />
      <Typography variant="body2" sx={{ mt: 2 }}>
        {translate("empact.mywork.country.help", { country })}
      </Typography>
      <Stack
        direction="row"
        spacing={2}
        useFlexGap
        sx={{ my: 2, alignItems: "center", flexWrap: "wrap" }}
      >
        <Button
          variant="contained"
          size="large"
          startIcon={<DownloadIcon />}
          disabled={download.isPending}
          onClick={() => download.mutate()}
        >
          {translate("empact.mywork.country.download")}
        </Button>
        <Button component={RouterLink} to="/upload" variant="outlined" startIcon={<UploadIcon />}>
          {translate("empact.mywork.country.upload")}
        </Button>
      </Stack>
      <ContributionTable
        items={work.contributions}
        showOrganisation
        cycleCode={cycleCode}
        onMoved={onMoved}
      />
    </Section>
  );
};
