/** The shipped roles, for labels (the matrix lists the roles a database really has). */
export { ROLE_NAMES, type RoleName } from "../../auth/utils/roleNames";
