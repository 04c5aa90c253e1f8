// @lifeomic/alpha (used by @jupiterone/integration-sdk-runtime) loads aws-sdk v2,
// which prints an end-of-support notice on load.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
require('@jupiterone/integration-sdk-testing').registerMatchers(expect);
