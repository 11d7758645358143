import base from '../../eslint.config.mjs';

export default [...base, { ignores: ['build/**', '.docusaurus/**', 'static/**'] }];
