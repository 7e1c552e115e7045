export const run = async (_args: string[]): Promise<number> => {
  process.stderr.write('koe analyze: not built yet\n');
  return 1;
};
