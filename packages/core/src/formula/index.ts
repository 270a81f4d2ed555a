export { parseFormula } from './parse-formula.ts';
export { checkFormula, checkFormulaField, type CheckFormulaFieldInput, type CheckFormulaInput, type CheckedFormula, type CheckFormulaResult } from './check-formula.ts';
export { evaluateFormula, type EvaluateInput } from './evaluate-formula.ts';
export { compileFormulaSql, formulaJoins } from './compile-formula-sql.ts';
export { FUNCTIONS, FUNCTION_NAMES, type FormulaContext, type FunctionName } from './formula-functions.ts';
export { OPERATORS as FORMULA_OPERATORS } from './formula-operators.ts';
export { FORMULA_LIMITS, type FormulaProblem } from './formula-problem.ts';
export { FORMULA_TYPES, type FormulaType, type FormulaValue, type TypedNode, type SyntaxNode, type Position } from './formula-nodes.ts';
export { readFieldValue, toApiValue, FIELD_FORMULA_TYPE } from './formula-values.ts';
