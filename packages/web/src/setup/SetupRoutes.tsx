export default function SetupRoutes() {
  return null;
}
