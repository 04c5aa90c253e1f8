// @jupiterone/integration-sdk-testing@8.41.0 requires 'expect/build/jestMatchersObject' at load
// time. Jest >= 28 enforces package "exports" and expect@30 no longer ships that file. The SDK
// uses getMatchers() only in toImplementSpec, as getMatchers().toMatchObject.call(expect, a, b),
// which breaks on modern expect, so delegate to the public API instead.
exports.getMatchers = () => ({
  toMatchObject(received, expected) {
    try {
      expect(received).toMatchObject(expected);
      return { pass: true, message: () => '' };
    } catch (err) {
      return { pass: false, message: () => err.message };
    }
  },
});
