import DoneIcon from "@mui/icons-material/Done";
import { Box, Chip } from "@mui/material";
import { useState } from "react";
import {
  Button,
  DataTable,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from "react-admin";

import { DateTimeField } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { DOMAIN_ROLES } from "../../providers/access";
import { can } from "../../providers/authProvider";
import type { EmpactDataProvider } from "../../providers/dataProvider";

const search = <SearchInput key="q" source="q" alwaysOn />;
// An administrator reads no reporting cycle: its messages are about accounts.
const cycleFilter = (
  <ReferenceInput key="reporting_cycle_id" source="reporting_cycle_id" reference="reporting-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>
);

const ReadState = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) {
    return null;
  }
  return record.read_at ? (
    <DateTimeField source="read_at" />
  ) : (
    <Chip size="small" color="info" label={translate("empact.notifications.unread")} />
  );
};

const MarkReadButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!record || record.read_at) {
    return null;
  }
  const markRead = () => {
    setBusy(true);
    dataProvider
      .markRead(record.id)
      .then(() => {
        notify("empact.notifications.marked", { type: "success" });
        refresh();
      })
      .catch((error: Error) => notify(error.message, { type: "error" }))
      .finally(() => setBusy(false));
  };
  return (
    <Button
      label="empact.notifications.mark_read"
      onClick={(event) => {
        event.stopPropagation();
        markRead();
      }}
      disabled={busy}
    >
      <DoneIcon />
    </Button>
  );
};

const Subject = () => {
  const record = useRecordContext();
  return <Box component="span" sx={{ fontWeight: record?.read_at ? "normal" : "bold" }}>{record?.subject}</Box>;
};

/** The message itself, shown when its row is opened. */
const MessageBody = () => {
  const record = useRecordContext();
  return <Box sx={{ whiteSpace: "pre-wrap", p: 2 }}>{record?.body}</Box>;
};

export const NotificationList = () => {
  const { permissions } = usePermissions();
  const readsCycles = can(permissions, DOMAIN_ROLES);
  return (
  <ResourceList filters={readsCycles ? [search, cycleFilter] : [search]} sort={{ field: "created_at", order: "DESC" }}>
    <DataTable rowClick="expand" expand={<MessageBody />} bulkActionButtons={false}>
      <DataTable.Col source="created_at">
        <DateTimeField source="created_at" />
      </DataTable.Col>
      <DataTable.Col source="subject">
        <Subject />
      </DataTable.Col>
      {readsCycles ? (
        <DataTable.Col source="reporting_cycle_id">
          <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} emptyText="–" />
        </DataTable.Col>
      ) : null}
      <DataTable.Col source="read_at">
        <ReadState />
      </DataTable.Col>
      <DataTable.Col>
        <MarkReadButton />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
  );
};
