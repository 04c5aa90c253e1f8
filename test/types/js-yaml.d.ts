// js-yaml ships with the SDK CLI without types; the tests use only `load`.
declare module 'js-yaml' {
  export function load(source: string): unknown;
}
