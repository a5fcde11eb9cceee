// The react-query key of GET /api/my-work, shared by the dashboard and the forms that ask it
// whether a closed cycle was reopened for them.
export const MY_WORK_KEY = ["my-work"];
