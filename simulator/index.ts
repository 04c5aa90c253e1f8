export * from './server';
export * from './model';
