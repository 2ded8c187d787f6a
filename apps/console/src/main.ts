import './console.css';
import { ConsoleApp } from './app';

const top = document.getElementById('top');
const main = document.getElementById('main');
if (!top || !main) throw new Error('the console page lacks its header or main element');
new ConsoleApp(top, main).start();
