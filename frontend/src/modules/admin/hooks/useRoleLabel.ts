/** Admin pages label roles like every page does. */
export { useRoleLabel } from "../../auth/hooks/useRoleLabel";
