/**
 * ECharts, loaded only when the metrics view opens (the queue stays light). The file is
 * /vendor/echarts.common.min.js: a symlink to node_modules in the repo, copied by the CDK deployment.
 */
let loading;

/** Resolves to the global `echarts`, or undefined when the script cannot be loaded (tables still show the data). */
export const loadECharts = () => {
  loading ??= new Promise((resolve) => {
    if (/** @type {any} */ (window).echarts) return resolve(/** @type {any} */ (window).echarts);
    const script = document.createElement('script');
    script.src = '/vendor/echarts.common.min.js';
    script.async = true;
    script.onload = () => resolve(/** @type {any} */ (window).echarts);
    script.onerror = () => {
      loading = undefined;
      resolve(undefined);
    };
    document.head.appendChild(script);
  });
  return loading;
};
