// Imported first by our runners: the SDK runtime loads aws-sdk v2 (through @lifeomic/alpha),
// which prints an end-of-support notice that has nothing to do with this integration.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

export {};
