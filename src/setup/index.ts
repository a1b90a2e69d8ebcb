/**
 * User set-up: `overnight init` (detect -> ask -> write a starter config), `overnight doctor`
 * (every check between a config and a real first night, as data) and `overnight auth`.
 */
export { askAnswers, type AskOptions } from './ask.js';
export { authLogin, authLogout, authStatus, type AuthOptions, type LoginResult, type StatusResult } from './auth.js';
export { InitError } from './choose-remote.js';
export { detectRepo, type DetectedRepo, type DetectRepoOptions } from './detect-repo.js';
export { initConfig, type InitOptions, type InitResult } from './init-config.js';
export { parseGithubRemote, redactRemoteUrl, type GithubRemote } from './parse-remote-url.js';
export { readSecret } from './read-secret.js';
export { PACKAGE_SCHEMA_URL, renderStarterConfig, type InitAnswers } from './render-config.js';
export { doctorJson, formatDoctor } from './doctor/format-doctor.js';
export { runDoctor, type DoctorDeps } from './doctor/run-doctor.js';
export type { LoginAgentFacts, SandboxFacts } from './doctor/check-facts.js';
export type { DoctorCheck, DoctorReport, CheckStatus } from './doctor/types.js';
export { prepareInstall, serviceEnvironment, type InstallReadiness, type PrepareInstallOptions } from './install/prepare-install.js';
export { loginAgentFacts, type LoginAgentOptions } from './install/login-agent-facts.js';
export { checkServiceToken, type ServiceToken } from './install/service-token.js';
export { sandboxSource, type SandboxSource } from './sandbox-source.js';
