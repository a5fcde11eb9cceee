// The page frames every resource shares: lists without CSV export (workbooks are the export
// channel) and with "create" only for who may; show pages that end with the history; edit
// pages that wait for the server (so a stale version or a refusal is shown on the form).
import type { ReactNode } from "react";
import {
  CreateButton,
  DeleteButton,
  Edit,
  type EditProps,
  EditButton,
  FilterButton,
  List,
  type ListProps,
  SaveButton,
  Show,
  ShowButton,
  type ShowProps,
  SimpleForm,
  type SimpleFormProps,
  Toolbar,
  TopToolbar,
  Create,
  type CreateProps,
  type RaRecord,
  useRecordContext,
  useResourceContext,
  useResourceDefinition,
} from "react-admin";

import { useMay } from "../providers/access";
import { HistoryPanel } from "./HistoryPanel";

const ListActions = ({ hasFilters }: { hasFilters: boolean }) => {
  const resource = useResourceContext() ?? "";
  const { hasCreate } = useResourceDefinition();
  const mayCreate = useMay(resource, "create");
  return (
    <TopToolbar>
      {hasFilters ? <FilterButton /> : null}
      {hasCreate && mayCreate ? <CreateButton /> : null}
    </TopToolbar>
  );
};

export const ResourceList = ({ filters, children, ...rest }: ListProps & { children: ReactNode }) => (
  <List
    exporter={false}
    perPage={25}
    filters={filters}
    actions={<ListActions hasFilters={Array.isArray(filters) && filters.length > 0} />}
    {...rest}
  >
    {children}
  </List>
);

/** Whether a record can be edited in its current state (e.g. not once submitted). */
type Editable = (record: RaRecord) => boolean;

const ShowActions = ({ editable, extra }: { editable?: Editable; extra?: ReactNode }) => {
  const resource = useResourceContext() ?? "";
  const record = useRecordContext();
  const { hasEdit } = useResourceDefinition();
  const mayUpdate = useMay(resource, "update");
  const show = hasEdit && mayUpdate && record !== undefined && (editable?.(record) ?? true);
  return (
    <TopToolbar>
      {extra}
      {show ? <EditButton /> : null}
    </TopToolbar>
  );
};

/** A show page: its layout, then the record's history; `extraActions` go before the Edit
 * button (e.g. a report's Submit, Return and Accept). */
export const ResourceShow = ({
  children,
  editable,
  extraActions,
  ...rest
}: ShowProps & { children: ReactNode; editable?: Editable; extraActions?: ReactNode }) => (
  <Show actions={<ShowActions editable={editable} extra={extraActions} />} {...rest}>
    {children}
    <HistoryPanel />
  </Show>
);

const EditActions = () => (
  <TopToolbar>
    <ShowButton />
  </TopToolbar>
);

export const ResourceEdit = ({ children, ...rest }: EditProps & { children: ReactNode }) => (
  <Edit mutationMode="pessimistic" redirect="show" actions={<EditActions />} {...rest}>
    {children}
  </Edit>
);

export const ResourceCreate = ({ children, ...rest }: CreateProps & { children: ReactNode }) => (
  <Create redirect="show" {...rest}>
    {children}
  </Create>
);

const FormToolbar = () => {
  const resource = useResourceContext() ?? "";
  const mayDelete = useMay(resource, "delete");
  return (
    <Toolbar sx={{ display: "flex", justifyContent: "space-between" }}>
      <SaveButton />
      {mayDelete ? <DeleteButton mutationMode="pessimistic" /> : null}
    </Toolbar>
  );
};

/** A form whose delete button shows only to who may delete, after a confirmation. */
export const ResourceForm = (props: SimpleFormProps) => (
  <SimpleForm toolbar={<FormToolbar />} {...props} />
);
