import type { ArgumentsCamelCase } from 'yargs';
import { reconstructDockerfile } from '../../analysis/dockerfile/reconstruct.js';
import { renderDockerfile } from '../../analysis/dockerfile/render.js';
import { findSecrets, maskSecrets } from '../../analysis/secrets.js';
import type { DockerfileArgs } from '../commands/dockerfile.js';
import { writeOutput } from '../io.js';
import { UsageError } from '../../errors.js';
import { loadForCommand } from './load-image.js';

export async function dockerfile(args: ArgumentsCamelCase<DockerfileArgs>): Promise<void> {
  if (args.quick && args.sizes) throw new UsageError('--sizes needs the layers read; drop --quick');
  const image = await loadForCommand(args, { readLayers: !args.quick });
  const text = renderDockerfile(reconstructDockerfile(image), { name: image.name, sizes: args.sizes });
  await writeOutput(args['show-secrets'] ? text : maskSecrets(text, findSecrets(image)), args.output);
}
