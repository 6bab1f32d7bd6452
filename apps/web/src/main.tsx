import "./lib/zod-jitless";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./app";
import { registerServiceWorker } from "./lib/register-service-worker";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error('index.html must have an element with id "root" for the app');

registerServiceWorker();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
