export * from "./display-name";
