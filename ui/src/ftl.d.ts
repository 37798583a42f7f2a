// The catalogs (locales/*.ftl) are imported as text by the bundler.
declare module "*.ftl?raw" {
  const text: string;
  export default text;
}
