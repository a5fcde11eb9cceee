// react-query's client: a request the server refused (4xx) is not asked again, since it would
// be refused again; a failed connection or a server error is retried twice.
import { QueryClient } from "@tanstack/react-query";

const refused = (error: unknown): boolean => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
};

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => !refused(error) && failures < 2,
    },
  },
});
