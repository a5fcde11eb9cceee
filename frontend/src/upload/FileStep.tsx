// Step 1: choose the workbook with a real file input, or drop it on the zone around it; the
// file's name and size; "Upload and check"; a refused file's reason, as the server gives it.
import UploadFileIcon from "@mui/icons-material/UploadFile";
import { Alert, AlertTitle, Box, Button, CircularProgress, Stack, Typography } from "@mui/material";
import { type DragEvent, useId, useRef, useState } from "react";
import { useTranslate } from "react-admin";

import { formatFileSize, useFormatLocale } from "./format";

export interface FileStepProps {
  file: File | null;
  onFile: (file: File | null) => void;
  onUpload: () => void;
  uploading: boolean;
  /** The server's reason for refusing the last file, if it did. */
  refusal: string | null;
}

export const FileStep = ({ file, onFile, onUpload, uploading, refusal }: FileStepProps) => {
  const translate = useTranslate();
  const locale = useFormatLocale();
  const inputId = useId();
  const hintId = useId();
  const chosenId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const onDragOver = (event: DragEvent) => {
    if (event.dataTransfer.types.includes("Files")) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      setDragging(true);
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files;
    if (dropped.length === 0) {
      return;
    }
    // The input shows the dropped file too, as if it had been chosen there.
    if (input.current) {
      const transfer = new DataTransfer();
      transfer.items.add(dropped[0]);
      input.current.files = transfer.files;
    }
    onFile(dropped[0]);
  };

  return (
    <Stack spacing={2}>
      <Box
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        sx={{
          border: "2px dashed",
          borderColor: dragging ? "primary.main" : "grey.500",
          borderRadius: 1,
          bgcolor: dragging ? "action.hover" : "background.paper",
          p: 3,
          display: "flex",
          flexDirection: "column",
          alignItems: "center",
          gap: 1.5,
          textAlign: "center",
        }}
      >
        <UploadFileIcon fontSize="large" color="primary" aria-hidden />
        <Typography>{translate("empact.upload_wizard.drop_here")}</Typography>
        <Typography
          component="label"
          htmlFor={inputId}
          sx={{ fontWeight: 600, display: "block" }}
        >
          {translate("empact.upload_wizard.file_label")}
        </Typography>
        <Box
          component="input"
          ref={input}
          id={inputId}
          type="file"
          accept=".xlsx"
          aria-describedby={`${hintId} ${chosenId}`}
          disabled={uploading}
          onChange={(event) => onFile(event.currentTarget.files?.[0] ?? null)}
          sx={{
            fontSize: "1rem",
            maxWidth: "100%",
            "&:focus-visible": { outline: "3px solid", outlineColor: "secondary.main", outlineOffset: 2 },
          }}
        />
        <Typography id={hintId} variant="body2" color="text.secondary">
          {translate("empact.upload_wizard.file_hint")}
        </Typography>
        <Typography id={chosenId} variant="body2" aria-live="polite">
          {file
            ? translate("empact.upload_wizard.file_chosen", {
                name: file.name,
                size: formatFileSize(file.size, locale),
              })
            : ""}
        </Typography>
      </Box>
      {refusal ? (
        <Alert severity="error" role="alert">
          <AlertTitle>{translate("empact.upload_wizard.refused")}</AlertTitle>
          <Typography>{refusal}</Typography>
        </Alert>
      ) : null}
      <Box>
        <Button
          variant="contained"
          onClick={onUpload}
          disabled={!file || uploading}
          startIcon={uploading ? <CircularProgress size={18} color="inherit" aria-hidden /> : <UploadFileIcon />}
        >
          {translate("empact.upload_wizard.upload")}
        </Button>
        {uploading ? (
          <Typography component="span" role="status" sx={{ ml: 2 }}>
            {translate("empact.upload_wizard.uploading")}
          </Typography>
        ) : null}
      </Box>
    </Stack>
  );
};
