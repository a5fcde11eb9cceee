// Fields shared by every screen: translated enum chips, dates and numbers in the chosen
// language, links to a record's page, and a participation shown as "action · organisation".
import { Box, Chip, Typography } from "@mui/material";
import type { MouseEvent } from "react";
import {
  DateField,
  type DateFieldProps,
  FunctionField,
  Link,
  NumberField,
  type NumberFieldProps,
  ReferenceField,
  TextField,
  useCreatePath,
  useFieldValue,
  useLocaleState,
  useRecordContext,
  useResourceContext,
  useTranslate,
} from "react-admin";

import { type EnumName, enumColour, enumLabel } from "../enums";
import { formatLocale } from "../providers/i18nProvider";
import { type ActionLike, actionName } from "../references";

interface SourceProps {
  source: string;
  /** Read by the show layouts and tables for the column header. */
  label?: string;
}

export const EnumField = ({ source, enumName }: SourceProps & { enumName: EnumName }) => {
  const value: unknown = useFieldValue({ source });
  const translate = useTranslate();
  if (value === null || value === undefined || value === "") {
    return null;
  }
  const text = String(value);
  return (
    <Chip
      size="small"
      label={translate(enumLabel(enumName, text), { _: text })}
      color={enumColour(enumName, text)}
    />
  );
};

export const DateOnlyField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField locales={formatLocale(locale)} {...props} />;
};

export const DateTimeField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return (
    <DateField
      locales={formatLocale(locale)}
      showTime
      options={{ dateStyle: "medium", timeStyle: "short" }}
      {...props}
    />
  );
};

export const LocaleNumberField = (props: NumberFieldProps) => {
  const [locale] = useLocaleState();
  return <NumberField locales={formatLocale(locale)} {...props} />;
};

const stop = (event: MouseEvent) => event.stopPropagation();

/** The value as a link to the record's page: rows open on click, this opens from the keyboard. */
export const RecordLink = ({ source }: SourceProps) => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const createPath = useCreatePath();
  const value: unknown = useFieldValue({ source });
  if (!record || !resource) {
    return null;
  }
  return (
    <Link to={createPath({ resource, id: record.id, type: "show" })} onClick={stop}>
      {String(value ?? "")}
    </Link>
  );
};

/** An action as "CCH · OA 3.1" (its plan and code), for tables; linked to its page unless
 * `link` is false. */
export const ActionCodeField = ({ source, link = "show" }: SourceProps & { link?: false | "show" }) => (
  <ReferenceField source={source} reference="operational-actions" link={link}>
    <FunctionField render={(action: ActionLike) => actionName(action)} />
  </ReferenceField>
);

/** A participation (of a contribution, say) as "CCH · OA 3.1 · DE", linked to the
 * participation. */
export const ParticipationField = ({ source }: SourceProps) => (
  <ReferenceField source={source} reference="participations" link="show">
    <ActionCodeField source="action_id" link={false} />
    {" · "}
    <ReferenceField source="organisation_id" reference="organisations" link={false}>
      <TextField source="code" />
    </ReferenceField>
  </ReferenceField>
);

/** A text the server wrote (an event's detail, a run's message): marked as such, so that a
 * check of the screens can tell it from the interface's own words. */
export const ServerText = ({ source }: SourceProps) => {
  const value: unknown = useFieldValue({ source });
  if (value === null || value === undefined || value === "") {
    return <>–</>;
  }
  return <span data-server-message>{String(value)}</span>;
};

/** A key that people type as it is (an indicator's code in the workbooks, say): shown in a
 * typewriter face, and marked so that a check of the screens knows it is meant. */
export const IdentifierField = ({ source }: SourceProps) => {
  const value: unknown = useFieldValue({ source });
  return (
    <Box component="code" data-identifier sx={{ fontFamily: "monospace" }}>
      {String(value ?? "")}
    </Box>
  );
};

/** What an empty table inside a page says (rather than offering to clear filters). */
export const NoneYet = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" sx={{ py: 1 }}>
      {translate("empact.empty.none_yet")}
    </Typography>
  );
};

/** An organisation by its code (compact, for tables). */
export const OrganisationCodeField = ({ source }: SourceProps) => (
  <ReferenceField source={source} reference="organisations" link="show">
    <TextField source="code" />
  </ReferenceField>
);
