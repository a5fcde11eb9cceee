// A light theme in the EU's dark blue; every text colour meets WCAG 2.1 AA (4.5:1) on its
// background, chips included (hence the darker warning and info colours).
import { defaultLightTheme, type RaThemeOptions } from "react-admin";

const DARK_BLUE = "#1F3864"; // 11.6:1 on white
const MID_BLUE = "#2F5496"; // 7.4:1 on white

export const theme: RaThemeOptions = {
  ...defaultLightTheme,
  palette: {
    ...defaultLightTheme.palette,
    mode: "light",
    contrastThreshold: 4.5,
    primary: { main: DARK_BLUE, contrastText: "#ffffff" },
    secondary: { main: MID_BLUE, contrastText: "#ffffff" },
    success: { main: "#2e7d32", contrastText: "#ffffff" },
    warning: { main: "#9c4f00", contrastText: "#ffffff" },
    info: { main: "#1565c0", contrastText: "#ffffff" },
    error: { main: "#b71c1c", contrastText: "#ffffff" },
    background: { default: "#f5f6f8", paper: "#ffffff" },
    text: { primary: "rgba(0, 0, 0, 0.87)", secondary: "rgba(0, 0, 0, 0.68)" },
  },
  // Wide enough for the longest label in French ("Actions opérationnelles").
  sidebar: { width: 280, closedWidth: 55 },
  components: {
    ...defaultLightTheme.components,
    RaAppBar: {
      defaultProps: { color: "primary" },
      // A long record title is cut short rather than running under the buttons.
      styleOverrides: {
        root: {
          "& .RaAppBar-title": { minWidth: 0, overflow: "hidden" },
          "& #react-admin-title > *": {
            display: "block",
            overflow: "hidden",
            textOverflow: "ellipsis",
            whiteSpace: "nowrap",
          },
        },
      },
    },
    // A visible focus ring for keyboard users everywhere.
    MuiButtonBase: {
      styleOverrides: {
        root: {
          "&.Mui-focusVisible": { outline: `3px solid ${MID_BLUE}`, outlineOffset: 2 },
        },
      },
    },
    MuiLink: { defaultProps: { underline: "hover" } },
    // A label longer than the menu wraps onto a second line rather than being cut short.
    RaMenuItemLink: {
      styleOverrides: {
        root: {
          whiteSpace: "normal",
          "& .MuiTypography-noWrap": { whiteSpace: "normal", overflow: "visible" },
        },
      },
    },
    // The form toolbar: light enough for the red delete button to keep 4.5:1.
    RaToolbar: { styleOverrides: { root: { backgroundColor: "#eeeeee" } } },
    // Room for a filter's label ("Reporting cycle") beside the arrow of its select.
    RaFilterForm: {
      styleOverrides: { root: { "& .MuiFormControl-root": { minWidth: 180 } } },
    },
  },
};
