// The sign-in page: react-admin's login form under the application's name, and the language
// switch (the app bar is not shown before sign-in).
import { Box, Typography } from "@mui/material";
import { LocalesMenuButton, Login, LoginForm, useTranslate } from "react-admin";

export const LoginPage = () => {
  const translate = useTranslate();
  return (
    <Login>
      <Box sx={{ px: 2, pb: 1, textAlign: "center" }}>
        <Typography variant="h5" component="h1">
          {translate("empact.app.title")}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate("empact.app.subtitle")}
        </Typography>
      </Box>
      <LoginForm />
      <Box sx={{ display: "flex", justifyContent: "center", pb: 1 }}>
        <LocalesMenuButton />
      </Box>
    </Login>
  );
};
