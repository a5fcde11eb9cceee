// Inputs shared by the forms.
import { TextInput, type TextInputProps } from "react-admin";

const keepText = (value: string) => value ?? "";

/** A text the backend stores as "" when empty (react-admin would send null). */
export const OptionalTextInput = (props: TextInputProps) => <TextInput parse={keepText} {...props} />;

/** A long text: several lines, full width. */
export const LongTextInput = (props: TextInputProps) => (
  <OptionalTextInput multiline minRows={3} fullWidth {...props} />
);
