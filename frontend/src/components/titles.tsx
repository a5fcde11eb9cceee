// Page titles that name a record by what it is about, never by its id: a figure by its
// indicator, action and organisation; a participation by its action and organisation.
import { useGetOne, useRecordContext, useTranslate } from "react-admin";

import { actionName } from "../references";

const useNamed = (resource: string, id: unknown) =>
  useGetOne(resource, { id: id as number }, { enabled: id !== undefined && id !== null }).data;

/** "Arrests · CCH · OA 2.1 · DE · 2026-H2" */
export const FigureTitle = () => {
  const record = useRecordContext();
  const indicator = useNamed("indicators", record?.indicator_id);
  const action = useNamed("operational-actions", record?.action_id);
  const organisation = useNamed("organisations", record?.organisation_id);
  const cycle = useNamed("reporting-cycles", record?.reporting_cycle_id);
  return (
    <span>
      {[indicator?.name, actionName(action), organisation?.code, cycle?.code]
        .filter(Boolean)
        .join(" · ")}
    </span>
  );
};

/** "Participation · CCH · OA 2.1 · DE" */
export const ParticipationTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const action = useNamed("operational-actions", record?.action_id);
  const organisation = useNamed("organisations", record?.organisation_id);
  const name = translate("resources.participations.name", { smart_count: 1 });
  return <span>{[name, actionName(action), organisation?.code].filter(Boolean).join(" · ")}</span>;
};
