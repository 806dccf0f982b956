// `npm run sdk:generate`: rewrites the client's types from the gateway's golden OpenAPI document.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_TYPES, generateTypes, OPENAPI_DOCUMENT } from './generate-types';

async function main(): Promise<void> {
  await writeFile(GENERATED_TYPES, await generateTypes());
  const relative = (file: string): string => path.relative(process.cwd(), file);
  console.log(`wrote ${relative(GENERATED_TYPES)} from ${relative(OPENAPI_DOCUMENT)}`);
}

main().catch((error: unknown) => {
  console.error(`sdk:generate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
